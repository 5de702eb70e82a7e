package io.dsv.gateway.saga;

import io.dsv.core.domain.ErrorCode;
import io.dsv.core.domain.SecretId;
import io.dsv.core.protocol.Applied;
import io.dsv.core.protocol.Holder;
import io.dsv.core.protocol.Message;
import io.dsv.core.protocol.MessageCodec;
import io.dsv.core.protocol.Operation;
import io.dsv.core.protocol.ShareAbort;
import io.dsv.core.protocol.ShareAck;
import io.dsv.core.protocol.ShareCommit;
import io.dsv.core.protocol.ShareDestroy;
import io.dsv.core.protocol.SharePut;
import io.dsv.core.protocol.Topics;
import io.dsv.core.protocol.TxDecision;
import io.dsv.core.protocol.TxIntent;
import io.dsv.core.protocol.VersionList;
import io.dsv.core.protocol.VersionView;
import io.dsv.core.protocol.Vote;
import io.dsv.core.seal.SealContext;
import io.dsv.core.seal.ShareSealer;
import io.dsv.core.shamir.Shamir;
import io.dsv.core.shamir.Share;
import io.dsv.gateway.api.ApiException;
import io.dsv.gateway.cluster.ShardDirectory;
import io.dsv.gateway.config.GatewayProperties;
import io.dsv.gateway.read.MetadataClient;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

/**
 * Coordinates one write as a saga (design §4): intent on {@code dsv.tx}; sealed shares to the holders
 * while metadata votes; W acks; then commit (or abort) on {@code dsv.tx}, answered only after metadata
 * applied it. Every failure names its phase; an abort leaves no pending share behind.
 */
@Service
public class WriteSaga {

    private static final Logger log = LoggerFactory.getLogger(WriteSaga.class);

    private final GatewayProperties properties;
    private final KafkaTemplate<String, byte[]> kafka;
    private final ReplyRouter replies;
    private final ShardDirectory shards;
    private final MetadataClient metadata;
    private final Shamir shamir = new Shamir();
    private final ShareSealer sealer = new ShareSealer();

    public WriteSaga(GatewayProperties properties, KafkaTemplate<String, byte[]> kafka, ReplyRouter replies,
                     ShardDirectory shards, MetadataClient metadata) {
        this.properties = properties;
        this.kafka = kafka;
        this.replies = replies;
        this.shards = shards;
        this.metadata = metadata;
    }

    /** Creates or updates {@code id} with {@code value} (zeroed here once sealed); returns the new version. */
    public long put(SecretId id, Operation operation, byte[] value, long expectedVersion, String actor) {
        String txId = UUID.randomUUID().toString();
        PendingTransaction tx = replies.register(txId);
        long deadline = System.nanoTime() + properties.writeTimeout().toNanos();
        try {
            order(id, txId, operation, expectedVersion);
            List<Holder> holders = shards.holdersFor(id);
            sendShares(id, txId, value, holders);
            tx.expect(ShareAck.Kind.STORED, properties.w());
            Vote vote = awaitVote(tx, deadline);
            if (!vote.yes()) {
                abort(id, txId, holders, actor);
                throw refused(id, vote);
            }
            awaitQuorum(id, txId, tx, holders, deadline, actor, "shard nodes stored");
            return commit(id, txId, tx, vote.version(), holders, actor);
        } finally {
            Arrays.fill(value, (byte) 0);
            replies.forget(txId);
        }
    }

    /**
     * Deletes {@code id}: a tombstone version, and every share of every version destroyed on at least
     * n - k + 1 holders, so that no k shares of any version survive anywhere.
     */
    public long delete(SecretId id, long expectedVersion, String actor) {
        String txId = UUID.randomUUID().toString();
        PendingTransaction tx = replies.register(txId);
        long deadline = System.nanoTime() + properties.writeTimeout().toNanos();
        try {
            order(id, txId, Operation.DELETE, expectedVersion);
            Vote vote = awaitVote(tx, deadline);
            if (!vote.yes()) {
                abort(id, txId, List.of(), actor);
                throw refused(id, vote);
            }
            List<Holder> holders = holdersOfEveryVersion(id);
            tx.expect(ShareAck.Kind.DESTROYED, Math.min(holders.size(), properties.n() - properties.k() + 1));
            for (Holder holder : holders) {
                send(Topics.shard(holder.nodeId()), id, new ShareDestroy(txId, id.namespace(), id.name()));
            }
            awaitQuorum(id, txId, tx, List.of(), deadline, actor, "shard nodes destroyed");
            return commit(id, txId, tx, vote.version(), List.of(), actor);
        } finally {
            replies.forget(txId);
        }
    }

    /** Ordering phase: the intent must be in the log, or nothing else happens. */
    private void order(SecretId id, String txId, Operation operation, long expectedVersion) {
        TxIntent intent = new TxIntent(txId, id.namespace(), id.name(), operation, expectedVersion,
                properties.instanceId(), properties.lease().toMillis(), System.currentTimeMillis());
        try {
            kafka.send(Topics.TX, id.key(), MessageCodec.encode(intent)).get(properties.writeTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorCode.ORDERING_FAILED, "interrupted while ordering the write");
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.warn("Ordering failed for {} (tx {}): {}", id, txId, e.getClass().getSimpleName());
            throw new ApiException(ErrorCode.ORDERING_FAILED,
                    "the write could not be ordered: the log (Kafka) is unreachable; nothing was changed");
        }
    }

    /** Splits, seals share i for holder i and sends it; a holder whose key is unknown just gets nothing. */
    private void sendShares(SecretId id, String txId, byte[] value, List<Holder> holders) {
        List<Share> split = shamir.split(value, properties.n(), properties.k());
        try {
            for (Holder holder : holders) {
                Share share = split.get(holder.shareIndex() - 1);
                try {
                    SealContext context = new SealContext(id.namespace(), id.name(), txId, holder.shareIndex(), holder.nodeId());
                    byte[] sealed = sealer.seal(share.y(), shards.publicKey(holder.nodeId()), context);
                    send(Topics.shard(holder.nodeId()), id, new SharePut(txId, id.namespace(), id.name(),
                            holder.shareIndex(), sealed));
                } catch (RuntimeException e) {
                    log.warn("Share {} of tx {} not sent to {}: {}", holder.shareIndex(), txId, holder.nodeId(),
                            e.getClass().getSimpleName());
                }
            }
        } finally {
            split.forEach(Share::wipe);
        }
    }

    private Vote awaitVote(PendingTransaction tx, long deadline) {
        try {
            return tx.vote.get(remaining(deadline), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new ApiException(ErrorCode.ORDERING_FAILED, "metadata did not vote on the write in time; nothing was changed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorCode.ORDERING_FAILED, "interrupted while waiting for the vote");
        } catch (ExecutionException e) {
            throw new ApiException(ErrorCode.ORDERING_FAILED, "the vote failed");
        }
    }

    private void awaitQuorum(SecretId id, String txId, PendingTransaction tx, List<Holder> holders, long deadline,
                             String actor, String what) {
        try {
            tx.quorum().get(remaining(deadline), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            abort(id, txId, holders, actor);
            throw new ApiException(ErrorCode.WRITE_QUORUM_FAILED, "only " + tx.ackCount() + " " + what
                    + " before the deadline; the write was aborted and nothing was changed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort(id, txId, holders, actor);
            throw new ApiException(ErrorCode.WRITE_QUORUM_FAILED, "interrupted; the write was aborted");
        }
    }

    private long commit(SecretId id, String txId, PendingTransaction tx, long version, List<Holder> holders, String actor) {
        try {
            kafka.send(Topics.TX, id.key(), MessageCodec.encode(new TxDecision(txId, id.namespace(), id.name(), true,
                    version, holders, properties.instanceId(), actor))).get(properties.applyTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort(id, txId, holders, actor);
            throw new ApiException(ErrorCode.WRITE_QUORUM_FAILED, "interrupted before the commit; the write was aborted");
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            abort(id, txId, holders, actor);
            throw new ApiException(ErrorCode.ORDERING_FAILED, "the commit could not be written to the log; the write was aborted");
        }
        for (Holder holder : holders) {
            send(Topics.shard(holder.nodeId()), id, new ShareCommit(txId, id.namespace(), id.name(), version));
        }
        Applied applied;
        try {
            applied = tx.applied.get(properties.applyTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new ApiException(ErrorCode.COMMIT_UNCONFIRMED, "the commit is in the log but metadata did not confirm"
                    + " it in time; it will be applied");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorCode.COMMIT_UNCONFIRMED, "interrupted while waiting for metadata");
        }
        if (!applied.commit()) {
            throw new ApiException(ErrorCode.WRITE_QUORUM_FAILED, "the reservation of " + id + " expired before the commit;"
                    + " the write was not applied");
        }
        return applied.version();
    }

    /** Best effort: the decision and the drop commands; the saga janitor covers a lost abort. */
    private void abort(SecretId id, String txId, List<Holder> holders, String actor) {
        try {
            send(Topics.TX, id, new TxDecision(txId, id.namespace(), id.name(), false, 0L, List.of(),
                    properties.instanceId(), actor));
            for (Holder holder : holders) {
                send(Topics.shard(holder.nodeId()), id, new ShareAbort(txId, id.namespace(), id.name()));
            }
        } catch (RuntimeException e) {
            log.warn("Abort of tx {} could not be published: {}", txId, e.getClass().getSimpleName());
        }
    }

    private List<Holder> holdersOfEveryVersion(SecretId id) {
        VersionList versions = metadata.versions(id);
        Set<Holder> holders = new LinkedHashSet<>();
        for (VersionView version : versions.versions()) {
            holders.addAll(version.holders());
        }
        // Destroy on distinct nodes: one ack per node covers every version's share on it.
        Set<String> seen = new LinkedHashSet<>();
        return holders.stream().filter(h -> seen.add(h.nodeId())).toList();
    }

    private void send(String topic, SecretId id, Message message) {
        kafka.send(topic, id.key(), MessageCodec.encode(message));
    }

    private static ApiException refused(SecretId id, Vote vote) {
        ErrorCode code = Arrays.stream(ErrorCode.values()).filter(c -> c.code().equals(vote.errorCode()))
                .findFirst().orElse(ErrorCode.CONFLICT);
        String detail = switch (code) {
            case SECRET_EXISTS -> "secret " + id.name() + " already exists";
            case SECRET_NOT_FOUND -> "secret " + id.name() + " does not exist";
            case VERSION_MISMATCH -> "the latest version of " + id.name() + " is not the one given in If-Match";
            default -> "another write to " + id.name() + " is in progress; retry";
        };
        return new ApiException(code, detail);
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }
}
