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
import io.dsv.client.ApiException;
import io.dsv.client.ShardDirectory;
import io.dsv.client.ClusterProperties;
import io.dsv.client.PendingTransaction;
import io.dsv.client.ReplyRouter;
import io.dsv.gateway.config.GatewayProperties;
import io.dsv.client.MetadataClient;
import io.dsv.gateway.saga.TransactionalPublisher.Keyed;
import java.util.ArrayList;
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
 * Coordinates a write as a saga (design §4), for one key or a batch of keys as one transaction:
 * intents on {@code dsv.tx}; sealed shares to the holders while metadata votes; W acks per key; then
 * commits (or aborts) on {@code dsv.tx}, answered only after metadata applied every one. A batch's
 * intents and its commits each go in one Kafka transaction. Any failure aborts every key.
 */
@Service
public class WriteSaga {

    private static final Logger log = LoggerFactory.getLogger(WriteSaga.class);

    private final GatewayProperties properties;
    private final ClusterProperties cluster;
    private final KafkaTemplate<String, byte[]> kafka;
    private final TransactionalPublisher transactions;
    private final ReplyRouter replies;
    private final ShardDirectory shards;
    private final MetadataClient metadata;
    private final SagaOutcomes outcomes;
    private final Shamir shamir = new Shamir();
    private final ShareSealer sealer = new ShareSealer();

    public WriteSaga(GatewayProperties properties, ClusterProperties cluster, KafkaTemplate<String, byte[]> kafka, TransactionalPublisher transactions,
                     ReplyRouter replies, ShardDirectory shards, MetadataClient metadata, SagaOutcomes outcomes) {
        this.properties = properties;
        this.cluster = cluster;
        this.kafka = kafka;
        this.transactions = transactions;
        this.replies = replies;
        this.shards = shards;
        this.metadata = metadata;
        this.outcomes = outcomes;
    }

    /** One key's create or update. */
    public WriteOutcome put(KeyWrite write, String actor, String idempotencyKey) {
        return putAll(List.of(write), actor, idempotencyKey).get(0);
    }

    /** Counts every saga's end by phase: committed, replayed, or the error code that ended it. */
    private <T> T counted(java.util.function.Supplier<T> saga) {
        try {
            T result = saga.get();
            outcomes.counter("committed").increment();
            return result;
        } catch (ApiException e) {
            outcomes.counter(e.code().code()).increment();
            throw e;
        }
    }

    /**
     * Creates or updates every key, all or nothing. The Idempotency-Key, if any, is recorded on the
     * first key; a replay of it returns the recorded outcome for every key and writes nothing.
     */
    public List<WriteOutcome> putAll(List<KeyWrite> writes, String actor, String idempotencyKey) {
        return counted(() -> runPutAll(writes, actor, idempotencyKey));
    }

    private List<WriteOutcome> runPutAll(List<KeyWrite> writes, String actor, String idempotencyKey) {
        List<Tx> txs = new ArrayList<>(writes.size());
        long deadline = System.nanoTime() + properties.writeTimeout().toNanos();
        try {
            for (int i = 0; i < writes.size(); i++) {
                KeyWrite write = writes.get(i);
                String txId = UUID.randomUUID().toString();
                txs.add(new Tx(write.id(), write.operation(), write.expectedVersion(), txId, replies.register(txId),
                        shards.holdersFor(write.id()), i == 0 ? idempotencyKey : null));
            }
            order(txs);
            for (int i = 0; i < txs.size(); i++) {
                Tx tx = txs.get(i);
                sendShares(tx, writes.get(i).value());
                tx.pending.expect(ShareAck.Kind.STORED, cluster.w());
            }
            List<Vote> votes = awaitVotes(txs, deadline, actor);
            if (votes.get(0).replay()) {
                abortAll(txs, actor);
                return List.of(new WriteOutcome(votes.get(0).version(), true));
            }
            for (Tx tx : txs) {
                awaitQuorum(tx, txs, deadline, actor, "shard nodes stored their share");
            }
            return commit(txs, votes, actor);
        } finally {
            writes.forEach(w -> Arrays.fill(w.value(), (byte) 0));
            txs.forEach(tx -> replies.forget(tx.txId));
        }
    }

    /**
     * Deletes {@code id}: a tombstone version, and every share of every version destroyed on at least
     * n - k + 1 holders, so that no k shares of any version survive anywhere.
     */
    public WriteOutcome delete(SecretId id, long expectedVersion, String actor, String idempotencyKey) {
        return counted(() -> runDelete(id, expectedVersion, actor, idempotencyKey));
    }

    private WriteOutcome runDelete(SecretId id, long expectedVersion, String actor, String idempotencyKey) {
        String txId = UUID.randomUUID().toString();
        Tx tx = new Tx(id, Operation.DELETE, expectedVersion, txId, replies.register(txId), List.of(), idempotencyKey);
        List<Tx> txs = List.of(tx);
        long deadline = System.nanoTime() + properties.writeTimeout().toNanos();
        try {
            order(txs);
            Vote vote = awaitVotes(txs, deadline, actor).get(0);
            if (vote.replay()) {
                abortAll(txs, actor);
                return new WriteOutcome(vote.version(), true);
            }
            List<Holder> holders = holdersOfEveryVersion(id);
            tx.pending.expect(ShareAck.Kind.DESTROYED, Math.min(holders.size(), cluster.n() - cluster.k() + 1));
            for (Holder holder : holders) {
                send(Topics.shard(holder.nodeId()), id, new ShareDestroy(txId, id.namespace(), id.name()));
            }
            awaitQuorum(tx, txs, deadline, actor, "shard nodes destroyed their shares");
            return commit(txs, List.of(vote), actor).get(0);
        } finally {
            replies.forget(txId);
        }
    }

    /** Ordering phase: every intent must be in the log (a batch's in one transaction), or nothing happens. */
    private void order(List<Tx> txs) {
        List<Keyed> intents = txs.stream().map(tx -> new Keyed(tx.id.key(), (Message) new TxIntent(tx.txId,
                tx.id.namespace(), tx.id.name(), tx.operation, tx.expectedVersion, properties.instanceId(),
                properties.lease().toMillis(), System.currentTimeMillis(), tx.idempotencyKey))).toList();
        try {
            if (intents.size() == 1) {
                kafka.send(Topics.TX, intents.get(0).key(), MessageCodec.encode(intents.get(0).message()))
                        .get(properties.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } else {
                transactions.publishAll(Topics.TX, intents);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorCode.ORDERING_FAILED, "interrupted while ordering the write");
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.warn("Ordering failed for {} key(s), first {}: {}", txs.size(), txs.get(0).id, e.getClass().getSimpleName());
            throw new ApiException(ErrorCode.ORDERING_FAILED,
                    "the write could not be ordered: the log (Kafka) is unreachable; nothing was changed");
        }
    }

    /** Splits, seals share i for holder i and sends it; a holder whose key is unknown just gets nothing. */
    private void sendShares(Tx tx, byte[] value) {
        List<Share> split = shamir.split(value, cluster.n(), cluster.k());
        try {
            for (Holder holder : tx.holders) {
                Share share = split.get(holder.shareIndex() - 1);
                try {
                    SealContext context = new SealContext(tx.id.namespace(), tx.id.name(), tx.txId, holder.shareIndex(),
                            holder.nodeId());
                    byte[] sealed = sealer.seal(share.y(), shards.publicKey(holder.nodeId()), context);
                    send(Topics.shard(holder.nodeId()), tx.id, new SharePut(tx.txId, tx.id.namespace(), tx.id.name(),
                            holder.shareIndex(), sealed));
                } catch (RuntimeException e) {
                    log.warn("Share {} of tx {} not sent to {}: {}", holder.shareIndex(), tx.txId, holder.nodeId(),
                            e.getClass().getSimpleName());
                }
            }
        } finally {
            split.forEach(Share::wipe);
        }
    }

    /** Every key's vote; the first refusal aborts all and answers for the batch. */
    private List<Vote> awaitVotes(List<Tx> txs, long deadline, String actor) {
        List<Vote> votes = new ArrayList<>(txs.size());
        for (Tx tx : txs) {
            Vote vote;
            try {
                vote = tx.pending.vote.get(remaining(deadline), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                abortAll(txs, actor);
                throw new ApiException(ErrorCode.ORDERING_FAILED, "metadata did not vote on the write of " + tx.id.name()
                        + " in time; nothing was changed");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abortAll(txs, actor);
                throw new ApiException(ErrorCode.ORDERING_FAILED, "interrupted while waiting for the vote");
            }
            if (!vote.yes() && !(vote.replay() && votes.isEmpty())) {
                abortAll(txs, actor);
                throw refused(tx.id, vote);
            }
            votes.add(vote);
            if (vote.replay()) {
                return votes;
            }
        }
        return votes;
    }

    private void awaitQuorum(Tx tx, List<Tx> all, long deadline, String actor, String what) {
        try {
            tx.pending.quorum().get(remaining(deadline), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            abortAll(all, actor);
            throw new ApiException(ErrorCode.WRITE_QUORUM_FAILED, "for " + tx.id.name() + " only " + tx.pending.ackCount()
                    + " " + what + " before the deadline; the write was aborted and nothing was changed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abortAll(all, actor);
            throw new ApiException(ErrorCode.WRITE_QUORUM_FAILED, "interrupted; the write was aborted");
        }
    }

    private List<WriteOutcome> commit(List<Tx> txs, List<Vote> votes, String actor) {
        List<Keyed> decisions = new ArrayList<>(txs.size());
        for (int i = 0; i < txs.size(); i++) {
            Tx tx = txs.get(i);
            decisions.add(new Keyed(tx.id.key(), new TxDecision(tx.txId, tx.id.namespace(), tx.id.name(), true,
                    votes.get(i).version(), tx.holders, properties.instanceId(), actor, tx.idempotencyKey)));
        }
        try {
            if (decisions.size() == 1) {
                kafka.send(Topics.TX, decisions.get(0).key(), MessageCodec.encode(decisions.get(0).message()))
                        .get(properties.applyTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } else {
                transactions.publishAll(Topics.TX, decisions);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abortAll(txs, actor);
            throw new ApiException(ErrorCode.WRITE_QUORUM_FAILED, "interrupted before the commit; the write was aborted");
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            abortAll(txs, actor);
            throw new ApiException(ErrorCode.ORDERING_FAILED, "the commit could not be written to the log; the write was aborted");
        }
        for (int i = 0; i < txs.size(); i++) {
            Tx tx = txs.get(i);
            for (Holder holder : tx.holders) {
                send(Topics.shard(holder.nodeId()), tx.id, new ShareCommit(tx.txId, tx.id.namespace(), tx.id.name(),
                        votes.get(i).version()));
            }
        }
        List<WriteOutcome> outcomes = new ArrayList<>(txs.size());
        long deadline = System.nanoTime() + properties.applyTimeout().toNanos();
        for (Tx tx : txs) {
            Applied applied;
            try {
                applied = tx.pending.applied.get(remaining(deadline), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                throw new ApiException(ErrorCode.COMMIT_UNCONFIRMED, "the commit is in the log but metadata did not confirm"
                        + " it in time; it will be applied");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(ErrorCode.COMMIT_UNCONFIRMED, "interrupted while waiting for metadata");
            }
            if (!applied.commit()) {
                throw new ApiException(ErrorCode.WRITE_QUORUM_FAILED, "the reservation of " + tx.id.name()
                        + " expired before the commit; it was not applied");
            }
            outcomes.add(new WriteOutcome(applied.version(), false));
            log.debug("Committed {} as version {} (tx {})", tx.id, applied.version(), tx.txId);
        }
        return outcomes;
    }

    /** Best effort: the decisions and the drop commands; the saga janitor covers a lost abort. */
    private void abortAll(List<Tx> txs, String actor) {
        for (Tx tx : txs) {
            try {
                send(Topics.TX, tx.id, new TxDecision(tx.txId, tx.id.namespace(), tx.id.name(), false, 0L, List.of(),
                        properties.instanceId(), actor, null));
                for (Holder holder : tx.holders) {
                    send(Topics.shard(holder.nodeId()), tx.id, new ShareAbort(tx.txId, tx.id.namespace(), tx.id.name()));
                }
            } catch (RuntimeException e) {
                log.warn("Abort of tx {} could not be published: {}", tx.txId, e.getClass().getSimpleName());
            }
        }
    }

    private List<Holder> holdersOfEveryVersion(SecretId id) {
        VersionList versions = metadata.versions(id);
        Set<String> seen = new LinkedHashSet<>();
        List<Holder> holders = new ArrayList<>();
        for (VersionView version : versions.versions()) {
            for (Holder holder : version.holders()) {
                if (seen.add(holder.nodeId())) {          // one destroy per node covers every version on it
                    holders.add(holder);
                }
            }
        }
        return holders;
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
            case IDEMPOTENCY_KEY_REUSED -> "this Idempotency-Key was used for a different request";
            default -> "another write to " + id.name() + " is in progress; retry";
        };
        return new ApiException(code, detail, code == ErrorCode.VERSION_MISMATCH ? "If-Match"
                : code == ErrorCode.IDEMPOTENCY_KEY_REUSED ? "Idempotency-Key" : null).with("name", id.name());
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    /** One key's transaction inside a write. */
    private record Tx(SecretId id, Operation operation, long expectedVersion, String txId, PendingTransaction pending,
                      List<Holder> holders, String idempotencyKey) {
    }
}
