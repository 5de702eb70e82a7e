package io.dsv.client;

import io.dsv.client.ClusterProperties.Endpoint;
import io.dsv.client.discovery.ServiceLocator;
import io.dsv.client.kafka.TxPartitions;
import io.dsv.client.rpc.InternalPlane;
import io.dsv.client.rpc.Protos;
import io.dsv.core.domain.ErrorCode;
import io.dsv.core.domain.SecretId;
import io.dsv.core.protocol.AuditEvent;
import io.dsv.core.protocol.Holder;
import io.dsv.core.protocol.ShareInventory;
import io.dsv.core.protocol.TokenRecord;
import io.dsv.core.protocol.VersionList;
import io.dsv.core.protocol.VersionView;
import io.dsv.rpc.v1.AuditQuery;
import io.dsv.rpc.v1.CreateTokenRequest;
import io.dsv.rpc.v1.Empty;
import io.dsv.rpc.v1.InventoryRequest;
import io.dsv.rpc.v1.LookupReply;
import io.dsv.rpc.v1.LookupRequest;
import io.dsv.rpc.v1.MetadataGrpc.MetadataBlockingStub;
import io.dsv.rpc.v1.MoveHoldersReply;
import io.dsv.rpc.v1.MoveHoldersRequest;
import io.dsv.rpc.v1.TokenId;
import io.dsv.rpc.v1.VersionsReply;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Calls to metadata-service over the internal plane. What concerns one key goes to the owner of the
 * key's partition, which answers from memory (design §5.1); tokens, audit and inventories go to any
 * instance that answers. Only "not found" is an answer about a secret: a refusal (PERMISSION_DENIED, a
 * request metadata could not take) fails closed as 503 metadata_unavailable.
 */
public class MetadataClient implements org.springframework.beans.factory.DisposableBean {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(MetadataClient.class);

    private final InternalPlane plane;
    private final MetadataRoutes routes;
    private final Duration patience;

    public MetadataClient(ClusterProperties properties, ServiceLocator locator, InternalPlane plane) {
        this.plane = plane;
        this.routes = new MetadataRoutes(locator, plane);
        this.patience = properties.readTimeout().plusSeconds(1);
    }

    /** The version to read: the latest, a given number, or the one valid at an instant. */
    public VersionView lookup(SecretId id, Long version, Instant at) {
        LookupRequest request = LookupRequest.newBuilder().setKey(Protos.key(id.namespace(), id.name()))
                .setVersion(version == null ? 0 : version).setAtMillis(at == null ? 0 : at.toEpochMilli()).build();
        LookupReply reply = owned(id, stub -> {
            LookupReply r = stub.lookup(request);
            if (r.getStatus() == LookupReply.Status.NOT_OWNER) {
                throw new Misdirected();
            }
            return r;
        });
        if (reply.getStatus() == LookupReply.Status.NOT_FOUND) {
            throw notFound(id, version, at);
        }
        return Protos.version(reply.getVersion());
    }

    /** Every version of the key, newest first. */
    public VersionList versions(SecretId id) {
        VersionsReply reply = owned(id, stub -> {
            VersionsReply r = stub.versions(Protos.key(id.namespace(), id.name()));
            if (r.getStatus() == LookupReply.Status.NOT_OWNER) {
                throw new Misdirected();
            }
            return r;
        });
        if (reply.getStatus() == LookupReply.Status.NOT_FOUND) {
            throw notFound(id, null, null);
        }
        return new VersionList(reply.getLive(), reply.getVersionsList().stream().map(Protos::version).toList());
    }

    /**
     * Rebalancing or a rebuild: records a version's holders and the commitments of the shares that
     * changed (by share index; the others keep theirs); false when the version is no longer readable.
     */
    public boolean moveHolders(SecretId id, long version, List<Holder> holders, Map<Integer, byte[]> commitments) {
        MoveHoldersRequest request = MoveHoldersRequest.newBuilder().setKey(Protos.key(id.namespace(), id.name()))
                .setVersion(version).addAllHolders(Protos.holders(holders, commitments)).build();
        MoveHoldersReply reply = owned(id, stub -> {
            MoveHoldersReply r = stub.moveHolders(request);
            if (r.getStatus() == MoveHoldersReply.Status.NOT_OWNER) {
                throw new Misdirected();
            }
            return r;
        });
        return reply.getStatus() == MoveHoldersReply.Status.MOVED;
    }

    /** A token's record, or null when there is none; 503 when no metadata instance answers. */
    public TokenRecord token(String id) {
        io.dsv.rpc.v1.TokenRecord record = anyInstance(stub -> stub.resolveToken(TokenId.newBuilder().setId(id).build()));
        return Protos.token(record);
    }

    /**
     * A new API token with these grants, expiring at {@code expiresAt}, minted by the token {@code parent}:
     * the only time the token exists outside its holder's hands.
     */
    public String createToken(String name, Map<String, Set<String>> policies, Instant expiresAt, String parent) {
        return anyInstance(stub -> stub.createToken(CreateTokenRequest.newBuilder().setName(name)
                .putAllPolicies(Protos.capabilities(policies)).setExpiresAtMillis(expiresAt.toEpochMilli())
                .setParent(parent).build())).getToken();
    }

    /** A page of the namespace's names (sorted; never a value), from any metadata instance: they share the table. */
    public io.dsv.rpc.v1.ListNamesReply listNames(String namespace, String prefix, String after, int limit,
                                                 boolean includeDeleted) {
        return anyInstance(stub -> stub.listNames(io.dsv.rpc.v1.ListNamesRequest.newBuilder().setNamespace(namespace)
                .setPrefix(prefix == null ? "" : prefix).setAfter(after == null ? "" : after).setLimit(limit)
                .setIncludeDeleted(includeDeleted).build()));
    }

    /**
     * Pins a shard node's public key: metadata records it if it has none for the node, and answers the key it
     * has (this one, or the one recorded first). 503 when no metadata instance answers.
     */
    public byte[] pinNodeKey(String nodeId, byte[] publicKey) {
        return anyInstance(stub -> stub.pinNodeKey(io.dsv.rpc.v1.NodeKey.newBuilder().setNodeId(nodeId)
                .setPublicKey(com.google.protobuf.ByteString.copyFrom(publicKey)).build())).getPublicKey().toByteArray();
    }

    public boolean revokeToken(String id) {
        return anyInstance(stub -> stub.revokeToken(TokenId.newBuilder().setId(id).build())).getRevoked();
    }

    public List<AuditEvent> audit(Instant since, String namespace, String actor, int limit) {
        AuditQuery query = AuditQuery.newBuilder().setSinceMillis(since.toEpochMilli())
                .setNamespace(namespace == null ? "" : namespace).setActor(actor == null ? "" : actor).setLimit(limit).build();
        return anyInstance(stub -> stub.audit(query)).getEventsList().stream().map(Protos::audit).toList();
    }

    /** Every readable version (rebalancing). */
    public List<VersionView> readableVersions() {
        return anyInstance(stub -> stub.withDeadlineAfter(60, java.util.concurrent.TimeUnit.SECONDS)
                .readableVersions(Empty.getDefaultInstance())).getVersionsList().stream().map(Protos::version).toList();
    }

    /** What {@code nodeId} should hold, as range digests (anti-entropy). */
    public ShareInventory.Digests expectedDigests(String nodeId, int buckets) {
        io.dsv.rpc.v1.Digests digests = anyInstance(stub -> stub.withDeadlineAfter(60, java.util.concurrent.TimeUnit.SECONDS)
                .expectedDigests(InventoryRequest.newBuilder().setNodeId(nodeId).setBuckets(buckets).build()));
        return Protos.digests(digests);
    }

    /** What {@code nodeId} should hold in one range (anti-entropy). */
    public ShareInventory.Entries expectedEntries(String nodeId, int buckets, int bucket) {
        io.dsv.rpc.v1.Entries entries = anyInstance(stub -> stub.withDeadlineAfter(60, java.util.concurrent.TimeUnit.SECONDS)
                .expectedEntries(InventoryRequest.newBuilder().setNodeId(nodeId).setBuckets(buckets).setBucket(bucket).build()));
        return Protos.entries(entries);
    }

    @Override
    public void destroy() {
        routes.close();
    }

    /**
     * Runs {@code call} against the owner of the key's partition, finding the owner again when the one
     * asked does not own it or does not answer, until the patience runs out.
     */
    private <T> T owned(SecretId id, Function<MetadataBlockingStub, T> call) {
        int partition = TxPartitions.of(id.key());
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            Endpoint owner = routes.owner(partition);
            if (owner != null) {
                try {
                    return call.apply(plane.metadata(owner.id(), owner.address()));
                } catch (Misdirected e) {
                    routes.refresh(true);
                } catch (StatusRuntimeException e) {
                    failClosedUnlessUnreachable(e);
                    routes.refresh(true);
                }
            }
            if (System.nanoTime() > deadline) {
                throw unavailable();
            }
            pause();
        }
    }

    /** Any instance will do: the first that answers. */
    private <T> T anyInstance(Function<MetadataBlockingStub, T> call) {
        for (Endpoint instance : routes.instances()) {
            try {
                return call.apply(plane.metadata(instance.id(), instance.address()));
            } catch (StatusRuntimeException e) {
                failClosedUnlessUnreachable(e);
                routes.refresh(false);
            }
        }
        throw unavailable();
    }

    /** An instance that is away may be tried again elsewhere; one that refused is no answer at all. */
    private static void failClosedUnlessUnreachable(StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        if (code != Status.Code.UNAVAILABLE && code != Status.Code.DEADLINE_EXCEEDED && code != Status.Code.CANCELLED) {
            log.warn("Metadata refused an internal call: {}", code);
            throw unavailable();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        }
    }

    private static ApiException notFound(SecretId id, Long version, Instant at) {
        if (version != null) {
            return new ApiException(ErrorCode.VERSION_NOT_FOUND, "secret " + id.name() + " has no version " + version);
        }
        if (at != null) {
            return new ApiException(ErrorCode.VERSION_NOT_FOUND, "secret " + id.name() + " had no version at " + at);
        }
        return new ApiException(ErrorCode.SECRET_NOT_FOUND, "secret " + id.name() + " does not exist");
    }

    private static ApiException unavailable() {
        return new ApiException(ErrorCode.METADATA_UNAVAILABLE, "the metadata service did not answer");
    }

    /** The instance asked does not own the key's partition now: find the owner again. */
    private static final class Misdirected extends RuntimeException {
        Misdirected() {
            super(null, null, false, false);
        }
    }
}
