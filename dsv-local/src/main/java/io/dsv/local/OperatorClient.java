package io.dsv.local;

import io.dsv.rpc.Channels;
import io.dsv.rpc.Peer;
import io.dsv.rpc.Role;
import io.dsv.rpc.RpcTls;
import io.dsv.rpc.v1.Empty;
import io.dsv.rpc.v1.Member;
import io.dsv.rpc.v1.Membership;
import io.dsv.rpc.v1.MetadataGrpc;
import io.dsv.rpc.v1.NodeIdentity;
import io.dsv.rpc.v1.RebalanceResult;
import io.dsv.rpc.v1.RepairGrpc;
import io.dsv.rpc.v1.ShardGrpc;
import io.dsv.rpc.v1.SweepResult;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The internal plane as one peer calls it, with that peer's certificate: an operator (the root token,
 * a node's identity, the ring, an anti-entropy sweep now), or, for tests that attack the plane, any
 * other role. Each call has a deadline.
 */
public final class OperatorClient implements AutoCloseable {

    private static final long DEADLINE_SECONDS = 30;
    private static final long LONG_DEADLINE_SECONDS = 300;

    private final Channels channels;

    public OperatorClient(RpcTls credentials) {
        this.channels = new Channels(credentials);
    }

    /** The root token when metadata creates it now (a cluster's first start); null ever after. */
    public String createRootToken(String metadataId, String address) {
        var token = metadata(metadataId, address).createRootToken(Empty.getDefaultInstance());
        return token.getCreated() ? token.getToken() : null;
    }

    /** Forgets the key recorded for {@code nodeId}; returns it (empty when none was). */
    public byte[] forgetNodeKey(String metadataId, String address, String nodeId) {
        return metadata(metadataId, address).forgetNodeKey(io.dsv.rpc.v1.NodeKey.newBuilder().setNodeId(nodeId).build())
                .getPublicKey().toByteArray();
    }

    public NodeIdentity identity(String nodeId, String address) {
        return shard(nodeId, address).identity(Empty.getDefaultInstance());
    }

    public Membership membership(String repairId, String address) {
        return repair(repairId, address).currentMembership(Empty.getDefaultInstance());
    }

    /** A new ring; the shares whose preference list changed are moved before the answer. */
    public RebalanceResult changeMembership(String repairId, String address, List<Member> members) {
        return repair(repairId, address).withDeadlineAfter(LONG_DEADLINE_SECONDS, TimeUnit.SECONDS)
                .changeMembership(Membership.newBuilder().addAllMembers(members).build());
    }

    public SweepResult antiEntropy(String repairId, String address) {
        return repair(repairId, address).withDeadlineAfter(LONG_DEADLINE_SECONDS, TimeUnit.SECONDS)
                .antiEntropy(Empty.getDefaultInstance());
    }

    public MetadataGrpc.MetadataBlockingStub metadata(String id, String address) {
        return MetadataGrpc.newBlockingStub(channels.to(new Peer(Role.METADATA, id), address))
                .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    public ShardGrpc.ShardBlockingStub shard(String nodeId, String address) {
        return ShardGrpc.newBlockingStub(channels.to(new Peer(Role.SHARD, nodeId), address))
                .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    public RepairGrpc.RepairBlockingStub repair(String id, String address) {
        return RepairGrpc.newBlockingStub(channels.to(new Peer(Role.REPAIR, id), address))
                .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        channels.close();
    }
}
