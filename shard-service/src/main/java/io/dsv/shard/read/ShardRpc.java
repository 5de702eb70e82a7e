package io.dsv.shard.read;

import com.google.protobuf.ByteString;
import io.dsv.client.rpc.Protos;
import io.dsv.core.protocol.InventoryBuilder;
import io.dsv.core.seal.SealContext;
import io.dsv.core.seal.SealException;
import io.dsv.core.seal.ShareSealer;
import io.dsv.core.seal.X25519Keys;
import io.dsv.rpc.v1.Digests;
import io.dsv.rpc.v1.Empty;
import io.dsv.rpc.v1.Entries;
import io.dsv.rpc.v1.FetchShareRequest;
import io.dsv.rpc.v1.InventoryRequest;
import io.dsv.rpc.v1.NodeIdentity;
import io.dsv.rpc.v1.SealedShare;
import io.dsv.rpc.v1.ShardGrpc;
import io.dsv.rpc.v1.ShareStatus;
import io.dsv.rpc.v1.ShareStatusRequest;
import io.dsv.shard.saga.CatchUpMonitor;
import io.dsv.shard.store.ShareRow;
import io.dsv.shard.store.ShareStore;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * A shard node's methods on the internal plane (who may call each: {@link io.dsv.rpc.AllowedCallers}).
 * A share leaves the node re-sealed from the node's own key to the caller's reply key (format 2, which
 * names this node as the sender), so it travels sealed, as it arrived; the reply's context is the
 * storage context with "reply:" before the tx.
 */
@Component
public class ShardRpc extends ShardGrpc.ShardImplBase {

    private final ShareStore store;
    private final io.dsv.shard.identity.NodeIdentity identity;
    private final ShareSealer sealer;
    private final CatchUpMonitor catchUp;

    public ShardRpc(ShareStore store, io.dsv.shard.identity.NodeIdentity identity, ShareSealer sealer,
                    CatchUpMonitor catchUp) {
        this.store = store;
        this.identity = identity;
        this.sealer = sealer;
        this.catchUp = catchUp;
    }

    @Override
    public void fetchShare(FetchShareRequest request, StreamObserver<SealedShare> answer) {
        PublicKey replyKey;
        try {
            replyKey = X25519Keys.publicKey(request.getReplyKey().toByteArray());
        } catch (IllegalArgumentException | SealException e) {
            answer.onError(Status.INVALID_ARGUMENT.withDescription("reply_key is not an X25519 public key").asRuntimeException());
            return;
        }
        String namespace = request.getKey().getNamespace();
        String name = request.getKey().getName();
        String txId = request.getTxId();
        reply(answer, () -> {
            ShareRow row = store.find(namespace, name, txId).orElse(null);
            if (row == null) {
                return SealedShare.newBuilder().setFound(false).setNodeId(identity.nodeId()).build();
            }
            byte[] share = sealer.open(row.sealedBytes(), identity.keyPair(),
                    new SealContext(namespace, name, txId, row.shareIndex(), identity.nodeId()));
            try {
                SealContext reply = new SealContext(namespace, name, "reply:" + txId, row.shareIndex(), identity.nodeId());
                return SealedShare.newBuilder().setFound(true).setNodeId(identity.nodeId()).setShareIndex(row.shareIndex())
                        .setSealed(ByteString.copyFrom(sealer.sealFrom(share, identity.keyPair(), replyKey, reply))).build();
            } finally {
                Arrays.fill(share, (byte) 0);
            }
        });
    }

    /**
     * Whether this node holds the transaction's share, and how many commands still wait on its topic:
     * repair-service does not rebuild a share that may still be in that backlog (design §5.4).
     */
    @Override
    public void status(ShareStatusRequest request, StreamObserver<ShareStatus> answer) {
        reply(answer, () -> ShareStatus.newBuilder()
                .setPresent(store.holds(request.getKey().getNamespace(), request.getKey().getName(), request.getTxId()))
                .setCommandLag(catchUp.lag()).build());
    }

    /** The node's id, weight and public key: what a writer needs to seal shares for it. */
    @Override
    public void identity(Empty request, StreamObserver<NodeIdentity> answer) {
        reply(answer, () -> NodeIdentity.newBuilder().setNodeId(identity.nodeId()).setWeight(identity.weight())
                .setPublicKey(ByteString.copyFrom(identity.rawPublicKey())).build());
    }

    /** What this node really holds, as range digests: for anti-entropy. */
    @Override
    public void inventoryDigests(InventoryRequest request, StreamObserver<Digests> answer) {
        reply(answer, () -> {
            InventoryBuilder inventory = new InventoryBuilder(request.getBuckets(), null);
            store.forEachEntry(inventory);
            return Protos.digests(inventory.digests());
        });
    }

    @Override
    public void inventoryEntries(InventoryRequest request, StreamObserver<Entries> answer) {
        reply(answer, () -> {
            InventoryBuilder inventory = new InventoryBuilder(request.getBuckets(), request.getBucket());
            store.forEachEntry(inventory);
            return Protos.entries(inventory.entries());
        });
    }

    private static <T> void reply(StreamObserver<T> answer, Supplier<T> result) {
        T value;
        try {
            value = result.get();
        } catch (RuntimeException e) {
            answer.onError(Status.UNAVAILABLE.withDescription("the shard node could not answer: " + e.getClass().getSimpleName())
                    .asRuntimeException());
            return;
        }
        answer.onNext(value);
        answer.onCompleted();
    }
}
