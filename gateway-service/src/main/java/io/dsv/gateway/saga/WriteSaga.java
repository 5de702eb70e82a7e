package io.dsv.gateway.saga;

import io.dsv.core.domain.ErrorCode;
import io.dsv.core.domain.SecretId;
import io.dsv.core.protocol.Applied;
import io.dsv.core.protocol.Holder;
import io.dsv.core.protocol.Message;
import io.dsv.core.protocol.MessageCodec;
import io.dsv.core.protocol.Operation;
import io.dsv.core.protocol.ShareAck;
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
 * the commit decisions on {@code dsv.tx}, answered only after metadata applied every one. A batch's
 * intents and its commits each go in one Kafka transaction. The decision record in the log is the only
 * commit point: any failure before it aborts every key, and after it nothing is aborted: an outcome
 * not confirmed in time is reported as unknown (commit_unconfirmed). Shard nodes get no commit message
 * (a read names the transaction); only metadata, applying a decision, sends releases and destroys.
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
                txs.add(newTx(write.id(), write.operation(), write.expectedVersion(), shards.holdersFor(write.id()),
                        i == 0 ? idempotencyKey : null));
            }
            order(txs);
            List<Vote> votes = beforeCommit(txs, actor, () -> {
                for (int i = 0; i < txs.size(); i++) {
                    Tx tx = txs.get(i);
                    sendShares(tx, writes.get(i).value());
                    tx.pending.expect(ShareAck.Kind.STORED, cluster.w());
                }
                List<Vote> voted = awaitVotes(txs, deadline, actor);
                if (!voted.get(0).replay()) {
                    for (Tx tx : txs) {
                        awaitQuorum(tx, txs, deadline, actor, "shard nodes stored their share");
                    }
                }
                return voted;
            });
            if (votes.get(0).replay()) {
                abortAll(txs, actor);
                return List.of(new WriteOutcome(votes.get(0).version(), true));
            }
            return commit(txs, votes, actor);
        } finally {
            writes.forEach(w -> Arrays.fill(w.value(), (byte) 0));
            txs.forEach(tx -> replies.forget(tx.txId));
        }
    }

    /**
     * Deletes {@code id}: the tombstone commits first (from then on the secret is deleted and cannot be
     * read), and metadata, applying it, tells every holder to destroy exactly the shares of the versions
     * it deleted. Answered once n - k + 1 holders of every version confirmed (no k shares of any version
     * survive anywhere); past the deadline 503 destroy_pending, and destruction completes from the log.
     */
    public WriteOutcome delete(SecretId id, long expectedVersion, String actor, String idempotencyKey) {
        return counted(() -> runDelete(id, expectedVersion, actor, idempotencyKey));
    }

    private WriteOutcome runDelete(SecretId id, long expectedVersion, String actor, String idempotencyKey) {
        Tx tx = newTx(id, Operation.DELETE, expectedVersion, List.of(), idempotencyKey);
        String txId = tx.txId;
        List<Tx> txs = List.of(tx);
        long deadline = System.nanoTime() + properties.writeTimeout().toNanos();
        try {
            order(txs);
            Vote vote = beforeCommit(txs, actor, () -> {
                Vote voted = awaitVotes(txs, deadline, actor).get(0);
                if (!voted.replay()) {
                    armDestroyQuorum(tx, metadata.versions(id));   // the key is reserved: no version appears meanwhile
                }
                return voted;
            });
            if (vote.replay()) {
                abortAll(txs, actor);
                return new WriteOutcome(vote.version(), true);
            }
            WriteOutcome deleted = commit(txs, List.of(vote), actor).get(0);
            try {
                tx.pending.quorum().get(properties.writeTimeout().toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                throw destroyPending(id, tx);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw destroyPending(id, tx);
            }
            return deleted;
        } finally {
            replies.forget(txId);
        }
    }

    /** Done when, for every readable version, n - k + 1 of its holders (or all, if fewer) destroyed. */
    private void armDestroyQuorum(Tx tx, VersionList versions) {
        List<Set<String>> holdersPerVersion = versions.versions().stream()
                .filter(v -> VersionView.ACTIVE.equals(v.state()))
                .map(v -> (Set<String>) new LinkedHashSet<>(v.holders().stream().map(Holder::nodeId).toList()))
                .toList();
        int needed = cluster.n() - cluster.k() + 1;
        tx.pending.expect(ShareAck.Kind.DESTROYED, acked -> holdersPerVersion.stream().allMatch(holders ->
                holders.stream().filter(acked::contains).count() >= Math.min(holders.size(), needed)));
    }

    private static ApiException destroyPending(SecretId id, Tx tx) {
        return new ApiException(ErrorCode.DESTROY_PENDING, "secret " + id.name() + " is deleted and can no longer be"
                + " read; only " + tx.pending.ackCount() + " holders confirmed destroying their shares in time, the"
                + " rest follow from the log").with("name", id.name());
    }

    /**
     * Everything between the intent and the commit: any failure aborts every key, so an error after a
     * yes vote never leaves a reservation or pending shares behind until the lease runs out.
     */
    private <T> T beforeCommit(List<Tx> txs, String actor, java.util.function.Supplier<T> phase) {
        try {
            return phase.get();
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            abortAll(txs, actor);
            log.warn("Write of {} key(s), first {}, failed before its commit: {}", txs.size(), txs.get(0).id,
                    e.getClass().getSimpleName());
            throw new ApiException(ErrorCode.WRITE_QUORUM_FAILED, "the write failed before its commit and was"
                    + " aborted; nothing was changed");
        }
    }

    /** Ordering phase: every intent must be in the log (a batch's in one transaction), or nothing happens. */
    private void order(List<Tx> txs) {
        List<Keyed> intents = txs.stream().map(tx -> new Keyed(tx.id.key(), (Message) new TxIntent(tx.txId,
                tx.id.namespace(), tx.id.name(), tx.operation, tx.expectedVersion, properties.instanceId(),
                properties.lease().toMillis(), tx.leaseEndsAtMillis - properties.lease().toMillis(), tx.idempotencyKey)))
                .toList();
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

    /**
     * Publishes the commit decisions and waits for metadata to apply them. Once a commit may be in the
     * log, nothing here aborts: a publish or an apply that is not confirmed in time is an unknown
     * outcome (503 commit_unconfirmed), and the log decides it.
     */
    private List<WriteOutcome> commit(List<Tx> txs, List<Vote> votes, String actor) {
        if (System.currentTimeMillis() + properties.applyTimeout().toMillis() >= txs.get(0).leaseEndsAtMillis) {
            // Too close to the lease's end to commit: metadata could hand the key to the next writer first.
            abortAll(txs, actor);
            throw new ApiException(ErrorCode.WRITE_QUORUM_FAILED, "the write's reservation ran out before its"
                    + " commit; it was aborted and nothing was changed");
        }
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
            throw unconfirmed("interrupted while the commit was being written to the log");
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.warn("Commit of {} key(s), first {}, not confirmed by the log: {}", txs.size(), txs.get(0).id,
                    e.getClass().getSimpleName());
            throw unconfirmed("the log did not confirm the commit in time");
        }
        List<WriteOutcome> outcomes = new ArrayList<>(txs.size());
        long deadline = System.nanoTime() + properties.applyTimeout().toNanos();
        for (Tx tx : txs) {
            Applied applied;
            try {
                applied = tx.pending.applied.get(remaining(deadline), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                throw unconfirmed("the commit was written to the log but metadata did not confirm it in time");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unconfirmed("interrupted while waiting for metadata to apply the commit");
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

    private static ApiException unconfirmed(String what) {
        return new ApiException(ErrorCode.COMMIT_UNCONFIRMED, what + "; the outcome is unknown and will be what the"
                + " log decided: retry with the same Idempotency-Key to learn it");
    }

    /**
     * Best effort: the abort decisions, naming the holders; metadata releases their shares once it has
     * applied the abort, so nothing acts on the abort before the log does. The janitor covers a lost one.
     */
    private void abortAll(List<Tx> txs, String actor) {
        for (Tx tx : txs) {
            try {
                send(Topics.TX, tx.id, new TxDecision(tx.txId, tx.id.namespace(), tx.id.name(), false, 0L, tx.holders,
                        properties.instanceId(), actor, null));
            } catch (RuntimeException e) {
                log.warn("Abort of tx {} could not be published: {}", tx.txId, e.getClass().getSimpleName());
            }
        }
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
                      List<Holder> holders, String idempotencyKey, long leaseEndsAtMillis) {
    }

    private Tx newTx(SecretId id, Operation operation, long expectedVersion, List<Holder> holders, String idempotencyKey) {
        String txId = UUID.randomUUID().toString();
        return new Tx(id, operation, expectedVersion, txId, replies.register(txId), holders, idempotencyKey,
                System.currentTimeMillis() + properties.lease().toMillis());
    }
}
