package io.dsv.gateway.saga;

import io.dsv.client.ApiException;
import io.dsv.client.ClusterProperties;
import io.dsv.client.PendingTransaction;
import io.dsv.client.ReplyRouter;
import io.dsv.client.RotatingKeyPair;
import io.dsv.client.ShardDirectory;
import io.dsv.client.kafka.TransactionalPublisher;
import io.dsv.client.kafka.TransactionalPublisher.Keyed;
import io.dsv.core.domain.ErrorCode;
import io.dsv.core.domain.SecretId;
import io.dsv.core.protocol.Holder;
import io.dsv.core.protocol.MessageCodec;
import io.dsv.core.protocol.Operation;
import io.dsv.core.protocol.SharePut;
import io.dsv.core.protocol.Topics;
import io.dsv.core.protocol.TxIntent;
import io.dsv.core.protocol.TxOutcome;
import io.dsv.core.seal.SealContext;
import io.dsv.core.seal.ShareSealer;
import io.dsv.core.shamir.Shamir;
import io.dsv.core.shamir.SaltedShare;
import io.dsv.gateway.config.GatewayProperties;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

/**
 * A write as the coordinating gateway runs it (design §4, version 2). The gateway does not decide: it
 * puts the intent in {@code dsv.tx} and the sealed shares on the holders' topics without waiting
 * between them, and answers from the decision metadata applied. The decision record in the log is the
 * only commit point; the gateway never writes one and never aborts. Its answers:
 * <ul>
 * <li>the outcome metadata applied: the version, or the refusal's code (409, 404, 412, 422, or 503
 *     write_quorum_failed: nothing changed);</li>
 * <li>503 ordering_failed only when the intent certainly never reached the log;</li>
 * <li>503 commit_unconfirmed when no outcome came back in time: unknown, the log decides, and a retry
 *     with the same Idempotency-Key learns what it decided.</li>
 * </ul>
 * A batch (.env) is one intent per key, all in one Kafka transaction, carrying the member list; the
 * owner of the first key's partition decides all of them at once.
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
    private final SagaOutcomes outcomes;
    private final RequestMac requestMac;
    private final Shamir shamir = new Shamir();
    private final SecureRandom random = new SecureRandom();
    /**
     * Shares are sealed from this gateway's writer key (format 2), replaced every minute: one agreement
     * per node and key instead of two X25519 operations per share (design §10).
     */
    private final ShareSealer sealer = ShareSealer.caching(1_024);
    private final RotatingKeyPair writerKey = new RotatingKeyPair();

    public WriteSaga(GatewayProperties properties, ClusterProperties cluster, KafkaTemplate<String, byte[]> kafka,
                     TransactionalPublisher transactions, ReplyRouter replies, ShardDirectory shards,
                     SagaOutcomes outcomes, RequestMac requestMac) {
        this.properties = properties;
        this.cluster = cluster;
        this.kafka = kafka;
        this.transactions = transactions;
        this.replies = replies;
        this.shards = shards;
        this.outcomes = outcomes;
        this.requestMac = requestMac;
    }

    /** One key's create or update. */
    public WriteOutcome put(KeyWrite write, String actor, String idempotencyKey) {
        byte[] mac = idempotencyKey == null ? null : requestMac.of(write.id().namespace(), write.id().name(),
                write.operation(), write.expectedVersion(), write.value());
        return putAll(List.of(write), actor, idempotencyKey, mac).get(0);
    }

    /**
     * Creates or updates every key, all or nothing. The Idempotency-Key, if any, is recorded on the first
     * key with {@code requestMac} (the whole request's {@link RequestMac}); a replay of it with the same MAC
     * returns the recorded outcome and writes nothing, one with another MAC is refused as reused.
     */
    public List<WriteOutcome> putAll(List<KeyWrite> writes, String actor, String idempotencyKey, byte[] requestMac) {
        return counted(() -> {
            List<List<SaltedShare>> shares = new ArrayList<>(writes.size());
            try {
                List<Planned> planned = new ArrayList<>(writes.size());
                for (KeyWrite w : writes) {
                    List<SaltedShare> split = split(w.value());
                    shares.add(split);
                    List<Holder> holders = shards.holdersFor(w.id());
                    planned.add(new Planned(w.id(), w.operation(), w.expectedVersion(), holders,
                            holders.stream().map(h -> split.get(h.shareIndex() - 1).commitment()).toList()));
                }
                List<Tx> txs = newTxs(planned, actor, idempotencyKey, requestMac);
                try {
                    CompletableFuture<?> ordered = order(txs);
                    for (int i = 0; i < txs.size(); i++) {
                        sendShares(txs.get(i), shares.get(i));
                    }
                    return answer(txs, ordered);
                } finally {
                    txs.forEach(tx -> replies.forget(tx.intent.txId()));
                }
            } finally {
                shares.forEach(split -> split.forEach(SaltedShare::wipe));
                writes.forEach(w -> Arrays.fill(w.value(), (byte) 0));
            }
        });
    }

    /**
     * Deletes {@code id}: metadata commits the tombstone first (from then on the secret cannot be read),
     * then tells every holder to destroy exactly the shares of the versions it deleted. Answered once
     * n - k + 1 holders of every version confirmed; past the deadline 503 destroy_pending (committed;
     * destruction completes from the log).
     */
    public WriteOutcome delete(SecretId id, long expectedVersion, String actor, String idempotencyKey) {
        return counted(() -> {
            Tx tx = newTxs(List.of(new Planned(id, Operation.DELETE, expectedVersion, List.of(), List.of())), actor,
                    idempotencyKey, idempotencyKey == null ? null
                            : requestMac.of(id.namespace(), id.name(), Operation.DELETE, expectedVersion, null)).get(0);
            try {
                WriteOutcome deleted = answer(List.of(tx), order(List.of(tx))).get(0);
                if (!deleted.replayed()) {
                    awaitDestroyed(id, tx, deleted.version());
                }
                return deleted;
            } finally {
                replies.forget(tx.intent.txId());
            }
        });
    }

    private void awaitDestroyed(SecretId id, Tx tx, long tombstone) {
        try {
            tx.pending.destroyed.get(properties.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new ApiException(ErrorCode.DESTROY_PENDING, "secret " + id.name() + " is deleted and can no longer be"
                    + " read; not enough holders confirmed destroying their shares in time, the rest follow from the log")
                    .with("name", id.name()).with("version", tombstone);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorCode.DESTROY_PENDING, "secret " + id.name() + " is deleted; interrupted while"
                    + " waiting for its holders").with("name", id.name()).with("version", tombstone);
        }
    }

    private List<Tx> newTxs(List<Planned> planned, String actor, String idempotencyKey, byte[] mac) {
        long deadline = properties.deadlineMillis(System.currentTimeMillis(), planned.size());
        List<String> txIds = planned.stream().map(p -> UUID.randomUUID().toString()).toList();
        TxIntent.Batch batch = planned.size() < 2 ? null : new TxIntent.Batch(UUID.randomUUID().toString(),
                java.util.stream.IntStream.range(0, planned.size()).mapToObj(i -> new TxIntent.Member(
                        planned.get(i).id().namespace(), planned.get(i).id().name(), txIds.get(i))).toList());
        TxIntent.Batch othersBatch = batch == null ? null : batch.withCoordinatorOnly();
        List<Tx> txs = new ArrayList<>(planned.size());
        for (int i = 0; i < planned.size(); i++) {
            Planned p = planned.get(i);
            TxIntent intent = new TxIntent(txIds.get(i), p.id().namespace(), p.id().name(), p.operation(),
                    p.expectedVersion(), properties.instanceId(), deadline, i == 0 ? idempotencyKey : null, actor,
                    p.holders(), p.commitments(), i == 0 ? batch : othersBatch, i == 0 ? mac : null);
            txs.add(new Tx(p.id(), intent, replies.register(intent.txId())));
        }
        return txs;
    }

    /**
     * Puts the intents in the log (a batch's in one transaction). Returns the publish's future; throws
     * 503 ordering_failed only when the intent certainly never left this process.
     */
    private CompletableFuture<?> order(List<Tx> txs) {
        try {
            if (txs.size() == 1) {
                TxIntent intent = txs.get(0).intent;
                return kafka.send(Topics.TX, intent.key(), MessageCodec.encode(intent));
            }
            transactions.publishAll(Topics.TX, txs.stream().map(tx -> new Keyed(tx.intent.key(), tx.intent)).toList());
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            if (IntentFailure.neverSent(e)) {
                throw orderingFailed(txs, e);
            }
            log.warn("Intent of {} key(s), first {}, may not be in the log: {}", txs.size(), txs.get(0).id,
                    e.getClass().getSimpleName());
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Splits the value and salts each share: the intent carries the commitments, the holders get the
     * salted shares (design §5.3).
     */
    private List<SaltedShare> split(byte[] value) {
        return shamir.split(value, cluster.n(), cluster.k()).stream().map(share -> SaltedShare.of(share, random)).toList();
    }

    /** Seals share i with its salt for holder i and sends it; a holder whose key is unknown just gets nothing. */
    private void sendShares(Tx tx, List<SaltedShare> shares) {
        for (Holder holder : tx.intent.holders()) {
            byte[] payload = shares.get(holder.shareIndex() - 1).payload();
            try {
                SealContext context = new SealContext(tx.id.namespace(), tx.id.name(), tx.intent.txId(),
                        holder.shareIndex(), holder.nodeId());
                byte[] sealed = sealer.sealFrom(payload, writerKey.current(), shards.publicKey(holder.nodeId()), context);
                kafka.send(Topics.shard(holder.nodeId()), tx.id.key(), MessageCodec.encode(new SharePut(
                        tx.intent.txId(), tx.id.namespace(), tx.id.name(), holder.shareIndex(), sealed, false)));
            } catch (RuntimeException e) {
                log.warn("Share {} of tx {} not sent to {}: {}", holder.shareIndex(), tx.intent.txId(),
                        holder.nodeId(), e.getClass().getSimpleName());
            } finally {
                Arrays.fill(payload, (byte) 0);
            }
        }
    }

    /**
     * The outcome metadata applied for every key, waited for until the decision deadline plus
     * {@code apply-timeout}. Whatever failed on this side after the intent may have reached the log, the
     * log decides: without an outcome the answer is commit_unconfirmed, never "nothing changed".
     */
    private List<WriteOutcome> answer(List<Tx> txs, CompletableFuture<?> ordered) {
        long waitUntil = txs.get(0).intent.deadlineMillis() + properties.applyTimeout().toMillis();
        List<TxOutcome> applied = new ArrayList<>(txs.size());
        for (Tx tx : txs) {
            try {
                applied.add(tx.pending.outcome.get(Math.max(0, waitUntil - System.currentTimeMillis()), TimeUnit.MILLISECONDS));
            } catch (TimeoutException | ExecutionException e) {
                throw whyUnconfirmed(txs, ordered);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unconfirmed("interrupted while waiting for the outcome");
            }
        }
        TxOutcome first = applied.get(0);
        if (first.replay()) {
            return List.of(new WriteOutcome(first.version(), true));
        }
        List<WriteOutcome> out = new ArrayList<>(txs.size());
        for (int i = 0; i < txs.size(); i++) {
            TxOutcome outcome = applied.get(i);
            if (!outcome.committed()) {
                throw refused(outcome.culprit() != null ? outcome.culprit() : txs.get(i).id.name(), outcome.reason());
            }
            out.add(new WriteOutcome(outcome.version(), false));
            log.debug("Committed {} as version {} (tx {})", txs.get(i).id, outcome.version(), outcome.txId());
        }
        return out;
    }

    /** No outcome in time: certainly nothing if the intent never left, else unknown. */
    private ApiException whyUnconfirmed(List<Tx> txs, CompletableFuture<?> ordered) {
        if (ordered.isCompletedExceptionally()) {
            try {
                ordered.join();
            } catch (RuntimeException e) {
                if (IntentFailure.neverSent(e)) {
                    return orderingFailed(txs, e);
                }
            }
            return unconfirmed("the log did not confirm the write's intent and no outcome came back in time");
        }
        return unconfirmed("metadata did not confirm the outcome in time");
    }

    private static ApiException orderingFailed(List<Tx> txs, RuntimeException e) {
        log.warn("Ordering failed for {} key(s), first {}: {}", txs.size(), txs.get(0).id, e.getClass().getSimpleName());
        return new ApiException(ErrorCode.ORDERING_FAILED,
                "the write could not be ordered: the log (Kafka) is unreachable; nothing was changed");
    }

    private static ApiException unconfirmed(String what) {
        return new ApiException(ErrorCode.COMMIT_UNCONFIRMED, what + "; the outcome is unknown and will be what the"
                + " log decided: retry with the same Idempotency-Key to learn it");
    }

    private static ApiException refused(String name, String reason) {
        ErrorCode code = Arrays.stream(ErrorCode.values()).filter(c -> c.code().equals(reason)).findFirst()
                .orElse(ErrorCode.CONFLICT);
        String detail = switch (code) {
            case SECRET_EXISTS -> "secret " + name + " already exists";
            case SECRET_NOT_FOUND -> "secret " + name + " does not exist";
            case VERSION_MISMATCH -> "the latest version of " + name + " is not the one given in If-Match";
            case IDEMPOTENCY_KEY_REUSED -> "this Idempotency-Key was used for a different request";
            case WRITE_QUORUM_FAILED -> "for " + name + " fewer than W shard nodes stored their share before the"
                    + " deadline; the write was aborted and nothing was changed";
            default -> "other writes to " + name + " held it past this write's deadline; nothing was changed, retry";
        };
        return new ApiException(code, detail, code == ErrorCode.VERSION_MISMATCH ? "If-Match"
                : code == ErrorCode.IDEMPOTENCY_KEY_REUSED ? "Idempotency-Key" : null).with("name", name);
    }

    /** Counts every saga's end by phase: committed, replayed, or the error code that ended it. */
    private <T> T counted(Supplier<T> saga) {
        try {
            T result = saga.get();
            outcomes.counter("committed").increment();
            return result;
        } catch (ApiException e) {
            outcomes.counter(e.code().code()).increment();
            throw e;
        }
    }

    private record Planned(SecretId id, Operation operation, long expectedVersion, List<Holder> holders,
                           List<byte[]> commitments) {
    }

    /** One key's transaction inside a write. */
    private record Tx(SecretId id, TxIntent intent, PendingTransaction pending) {
    }
}
