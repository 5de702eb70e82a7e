package io.dsv.rpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.function.Supplier;

/**
 * A channel whose peer was down waits out an exponential back-off (up to two minutes) before it dials
 * again, failing every call meanwhile, even after the peer is back. A call that ends UNAVAILABLE cuts
 * that wait short, so the next call dials at once: a restarted shard node is reachable on the next
 * read or sweep, not minutes later. Calls to a peer that stays down cost one connection attempt each.
 */
final class RedialOnUnavailable implements ClientInterceptor {

    private final Supplier<ManagedChannel> channel;

    RedialOnUnavailable(Supplier<ManagedChannel> channel) {
        this.channel = channel;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                super.start(new SimpleForwardingClientCallListener<>(listener) {
                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        ManagedChannel dialled = channel.get();
                        if (status.getCode() == Status.Code.UNAVAILABLE && dialled != null) {
                            dialled.resetConnectBackoff();
                        }
                        super.onClose(status, trailers);
                    }
                }, headers);
            }
        };
    }
}
