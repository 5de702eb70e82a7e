package io.dsv.client.rpc;

import io.dsv.rpc.Channels;
import io.grpc.ClientInterceptor;
import java.util.List;
import io.dsv.rpc.Peer;
import io.dsv.rpc.Role;
import io.dsv.rpc.v1.MetadataGrpc;
import io.dsv.rpc.v1.ShardGrpc;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;

/**
 * This service's client side of the internal plane: one mutual-TLS channel per peer, each peer dialled
 * by its role and id so that only that peer's certificate is accepted, and a deadline on every stub.
 */
public class InternalPlane implements DisposableBean {

    private final Channels channels;
    private final Duration deadline;

    public InternalPlane(RpcProperties properties, List<ClientInterceptor> interceptors) {
        this.channels = new Channels(properties.credentials(), interceptors);
        this.deadline = properties.deadline();
    }

    public Duration deadline() {
        return deadline;
    }

    public MetadataGrpc.MetadataBlockingStub metadata(String id, String address) {
        return metadata(id, address, deadline);
    }

    public MetadataGrpc.MetadataBlockingStub metadata(String id, String address, Duration within) {
        return MetadataGrpc.newBlockingStub(channels.to(new Peer(Role.METADATA, id), address))
                .withDeadlineAfter(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    public ShardGrpc.ShardBlockingStub shard(String nodeId, String address) {
        return ShardGrpc.newBlockingStub(channels.to(new Peer(Role.SHARD, nodeId), address))
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    public ShardGrpc.ShardFutureStub shardAsync(String nodeId, String address) {
        return ShardGrpc.newFutureStub(channels.to(new Peer(Role.SHARD, nodeId), address))
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        channels.close();
    }
}
