package io.dsv.metadata.api;

import io.dsv.client.rpc.Protos;
import io.dsv.core.protocol.InventoryBuilder;
import io.dsv.core.protocol.VersionView;
import io.dsv.metadata.audit.AuditStore;
import io.dsv.metadata.keys.NodeKeyStore;
import io.dsv.metadata.ledger.Ledgers;
import io.dsv.metadata.names.NameListing;
import io.dsv.metadata.ledger.PartitionLedger;
import io.dsv.metadata.store.MetadataStore;
import io.dsv.metadata.store.SecretVersion;
import io.dsv.metadata.tokens.TokenStore;
import io.dsv.rpc.v1.AuditEvents;
import io.dsv.rpc.v1.AuditQuery;
import io.dsv.rpc.v1.CreateTokenRequest;
import io.dsv.rpc.v1.Digests;
import io.dsv.rpc.v1.Empty;
import io.dsv.rpc.v1.Entries;
import io.dsv.rpc.v1.InventoryRequest;
import io.dsv.rpc.v1.Key;
import io.dsv.rpc.v1.ListNamesReply;
import io.dsv.rpc.v1.ListNamesRequest;
import io.dsv.rpc.v1.LookupReply;
import io.dsv.rpc.v1.LookupRequest;
import io.dsv.rpc.v1.MetadataGrpc;
import io.dsv.rpc.v1.MoveHoldersReply;
import io.dsv.rpc.v1.MoveHoldersRequest;
import io.dsv.rpc.v1.NameEntry;
import io.dsv.rpc.v1.NewToken;
import io.dsv.rpc.v1.NodeKey;
import io.dsv.rpc.v1.PartitionsReply;
import io.dsv.rpc.v1.RevokeReply;
import io.dsv.rpc.v1.TokenId;
import io.dsv.rpc.v1.TokenRecord;
import io.dsv.rpc.v1.VersionList;
import io.dsv.rpc.v1.VersionsReply;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Metadata's methods on the internal plane (who may call each: {@link io.dsv.rpc.AllowedCallers}).
 * What concerns one key is answered by the owner of its partition from memory; any other instance, or
 * the owner while it replays, answers NOT_OWNER and the caller asks {@code Partitions} again. Tokens,
 * audit and inventories are read from Cassandra by any instance.
 */
@Component
public class MetadataRpc extends MetadataGrpc.MetadataImplBase {

    private final Ledgers ledgers;
    private final MetadataStore store;
    private final TokenStore tokens;
    private final AuditStore audit;
    private final NodeKeyStore nodeKeys;

    public MetadataRpc(Ledgers ledgers, MetadataStore store, TokenStore tokens, AuditStore audit, NodeKeyStore nodeKeys) {
        this.ledgers = ledgers;
        this.store = store;
        this.tokens = tokens;
        this.audit = audit;
        this.nodeKeys = nodeKeys;
    }

    @Override
    public void partitions(Empty request, StreamObserver<PartitionsReply> answer) {
        reply(answer, () -> PartitionsReply.newBuilder().addAllReady(ledgers.readyPartitions()).build());
    }

    @Override
    public void lookup(LookupRequest request, StreamObserver<LookupReply> answer) {
        reply(answer, () -> {
            Key key = request.getKey();
            Optional<PartitionLedger> ledger = ledgers.readyFor(key.getNamespace(), key.getName());
            if (ledger.isEmpty()) {
                return LookupReply.newBuilder().setStatus(LookupReply.Status.NOT_OWNER).build();
            }
            List<SecretVersion> versions = ledger.get().versions(key.getNamespace(), key.getName());
            Optional<SecretVersion> found = Lookups.find(versions, request.getVersion(),
                    request.getAtMillis() == 0 ? null : Instant.ofEpochMilli(request.getAtMillis()));
            return found.map(v -> LookupReply.newBuilder().setStatus(LookupReply.Status.FOUND)
                            .setVersion(Protos.version(VersionViews.of(v))).build())
                    .orElseGet(() -> LookupReply.newBuilder().setStatus(LookupReply.Status.NOT_FOUND).build());
        });
    }

    @Override
    public void versions(Key key, StreamObserver<VersionsReply> answer) {
        reply(answer, () -> {
            Optional<PartitionLedger> ledger = ledgers.readyFor(key.getNamespace(), key.getName());
            if (ledger.isEmpty()) {
                return VersionsReply.newBuilder().setStatus(LookupReply.Status.NOT_OWNER).build();
            }
            List<SecretVersion> versions = ledger.get().versions(key.getNamespace(), key.getName());
            if (versions.isEmpty()) {
                return VersionsReply.newBuilder().setStatus(LookupReply.Status.NOT_FOUND).build();
            }
            return VersionsReply.newBuilder().setStatus(LookupReply.Status.FOUND).setLive(versions.get(0).readable())
                    .addAllVersions(versions.stream().map(v -> Protos.version(VersionViews.of(v))).toList()).build();
        });
    }

    @Override
    public void moveHolders(MoveHoldersRequest request, StreamObserver<MoveHoldersReply> answer) {
        reply(answer, () -> {
            Key key = request.getKey();
            Optional<PartitionLedger> ledger = ledgers.readyFor(key.getNamespace(), key.getName());
            if (ledger.isEmpty()) {
                return MoveHoldersReply.newBuilder().setStatus(MoveHoldersReply.Status.NOT_OWNER).build();
            }
            boolean moved = ledger.get().moveHolders(key.getNamespace(), key.getName(), request.getVersion(),
                    Protos.holders(request.getHoldersList()), Protos.commitments(request.getHoldersList()));
            return MoveHoldersReply.newBuilder()
                    .setStatus(moved ? MoveHoldersReply.Status.MOVED : MoveHoldersReply.Status.NOT_READABLE).build();
        });
    }

    @Override
    public void readableVersions(Empty request, StreamObserver<VersionList> answer) {
        reply(answer, () -> VersionList.newBuilder().addAllVersions(store.readableVersions().stream()
                .map(VersionViews::of).map(Protos::version).toList()).build());
    }

    @Override
    public void expectedDigests(InventoryRequest request, StreamObserver<Digests> answer) {
        reply(answer, () -> {
            InventoryBuilder inventory = new InventoryBuilder(request.getBuckets(), null);
            store.forEachExpectedShare(request.getNodeId(), inventory);
            return Protos.digests(inventory.digests());
        });
    }

    @Override
    public void expectedEntries(InventoryRequest request, StreamObserver<Entries> answer) {
        reply(answer, () -> {
            InventoryBuilder inventory = new InventoryBuilder(request.getBuckets(), request.getBucket());
            store.forEachExpectedShare(request.getNodeId(), inventory);
            return Protos.entries(inventory.entries());
        });
    }

    @Override
    public void resolveToken(TokenId request, StreamObserver<TokenRecord> answer) {
        reply(answer, () -> tokens.find(request.getId()).map(Protos::token)
                .orElseGet(() -> TokenRecord.newBuilder().setFound(false).build()));
    }

    @Override
    public void createToken(CreateTokenRequest request, StreamObserver<NewToken> answer) {
        reply(answer, () -> NewToken.newBuilder().setCreated(true)
                .setToken(tokens.create(request.getName(), Protos.policies(request.getPoliciesMap()),
                        request.getExpiresAtMillis() == 0 ? null : java.time.Instant.ofEpochMilli(request.getExpiresAtMillis()),
                        request.getParent().isEmpty() ? null : request.getParent())).build());
    }

    /** The root token the first time, never again: it is printed once. */
    @Override
    public void createRootToken(Empty request, StreamObserver<NewToken> answer) {
        reply(answer, () -> tokens.createRootOnce().map(token -> NewToken.newBuilder().setCreated(true).setToken(token).build())
                .orElseGet(() -> NewToken.newBuilder().setCreated(false).build()));
    }

    @Override
    public void revokeToken(TokenId request, StreamObserver<RevokeReply> answer) {
        reply(answer, () -> RevokeReply.newBuilder().setRevoked(tokens.revoke(request.getId())).build());
    }

    @Override
    public void audit(AuditQuery query, StreamObserver<AuditEvents> answer) {
        reply(answer, () -> AuditEvents.newBuilder().addAllEvents(audit.find(
                query.getSinceMillis() == 0 ? Instant.now().minusSeconds(86_400) : Instant.ofEpochMilli(query.getSinceMillis()),
                query.getNamespace().isEmpty() ? null : query.getNamespace(),
                query.getActor().isEmpty() ? null : query.getActor(),
                Math.max(1, Math.min(query.getLimit() == 0 ? 100 : query.getLimit(), 1_000)))
                .stream().map(Protos::audit).toList()).build());
    }

    @Override
    public void listNames(ListNamesRequest request, StreamObserver<ListNamesReply> answer) {
        if (request.getNamespace().isEmpty() || request.getLimit() < 1 || request.getLimit() > 1_000) {
            answer.onError(io.grpc.Status.INVALID_ARGUMENT.withDescription("a namespace and a limit of 1 to 1000")
                    .asRuntimeException());
            return;
        }
        reply(answer, () -> {
            NameListing.Page page = NameListing.page((after, limit) -> store.names(request.getNamespace(), after, limit),
                    request.getPrefix(), request.getAfter().isEmpty() ? null : request.getAfter(), request.getLimit(),
                    request.getIncludeDeleted());
            ListNamesReply.Builder reply = ListNamesReply.newBuilder().setNext(page.next() == null ? "" : page.next());
            for (NameListing.Entry entry : page.entries()) {
                reply.addEntries(NameEntry.newBuilder().setName(entry.name()).setVersion(entry.version())
                        .setState(entry.state()).setValidFromMillis(entry.validFrom() == null ? 0 : entry.validFrom().toEpochMilli()));
            }
            return reply.build();
        });
    }

    @Override
    public void pinNodeKey(NodeKey request, StreamObserver<NodeKey> answer) {
        if (request.getNodeId().isEmpty() || request.getPublicKey().size() != 32) {
            answer.onError(io.grpc.Status.INVALID_ARGUMENT.withDescription("a node id and a 32-byte X25519 key").asRuntimeException());
            return;
        }
        reply(answer, () -> NodeKey.newBuilder().setNodeId(request.getNodeId()).setPublicKey(com.google.protobuf.ByteString
                .copyFrom(nodeKeys.pin(request.getNodeId(), request.getPublicKey().toByteArray()))).build());
    }

    @Override
    public void forgetNodeKey(NodeKey request, StreamObserver<NodeKey> answer) {
        reply(answer, () -> NodeKey.newBuilder().setNodeId(request.getNodeId()).setPublicKey(nodeKeys.forget(request.getNodeId())
                .map(com.google.protobuf.ByteString::copyFrom).orElse(com.google.protobuf.ByteString.EMPTY)).build());
    }

    /** One answer, or UNAVAILABLE naming only the kind of failure (never data). */
    private static <T> void reply(StreamObserver<T> answer, Supplier<T> result) {
        T value;
        try {
            value = result.get();
        } catch (RuntimeException e) {
            answer.onError(Status.UNAVAILABLE.withDescription("metadata could not answer: " + e.getClass().getSimpleName())
                    .asRuntimeException());
            return;
        }
        answer.onNext(value);
        answer.onCompleted();
    }
}
