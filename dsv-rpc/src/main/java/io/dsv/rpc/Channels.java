package io.dsv.rpc;

import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptor;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One multiplexed channel per peer, kept for the life of the service. A peer is dialled at its address
 * with its DSV name as the TLS authority, so the connection is refused unless the server's certificate
 * names exactly that role and id.
 */
public final class Channels implements AutoCloseable {

    private final ChannelCredentials credentials;
    private final List<ClientInterceptor> interceptors;
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

    public Channels(RpcTls tls) {
        this(tls, List.of());
    }

    /** @param interceptors run on every call (observations, for one) */
    public Channels(RpcTls tls, List<ClientInterceptor> interceptors) {
        this.credentials = tls.client();
        this.interceptors = List.copyOf(interceptors);
    }

    /** @param address host:port where the peer's internal plane listens */
    public ManagedChannel to(Peer peer, String address) {
        return channels.computeIfAbsent(peer.dnsName() + "@" + address, key -> {
            AtomicReference<ManagedChannel> self = new AtomicReference<>();
            ManagedChannel channel = Grpc.newChannelBuilder(address, credentials)
                    .overrideAuthority(peer.dnsName())
                    .keepAliveTime(30, TimeUnit.SECONDS)
                    .intercept(interceptors)
                    .intercept(new RedialOnUnavailable(self::get))
                    .build();
            self.set(channel);
            return channel;
        });
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
        channels.clear();
    }
}
