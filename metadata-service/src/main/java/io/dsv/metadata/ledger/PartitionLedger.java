package io.dsv.metadata.ledger;

import io.dsv.core.domain.ErrorCode;
import io.dsv.core.protocol.Destroyed;
import io.dsv.core.protocol.Holder;
import io.dsv.core.protocol.Message;
import io.dsv.core.protocol.Operation;
import io.dsv.core.protocol.Prepared;
import io.dsv.core.protocol.ShareAbort;
import io.dsv.core.protocol.ShareAck;
import io.dsv.core.protocol.ShareDestroy;
import io.dsv.core.protocol.Topics;
import io.dsv.core.protocol.TxDecision;
import io.dsv.core.protocol.TxIntent;
import io.dsv.core.protocol.TxOutcome;
import io.dsv.metadata.ledger.Effect.Publish;
import io.dsv.metadata.ledger.Effect.Send;
import io.dsv.metadata.store.IdempotencyRow;
import io.dsv.metadata.store.SecretVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the owner of one partition of {@code dsv.tx} (and of the same partition of {@code dsv.tx.acks})
 * knows and decides (design §4, version 2). It is fed the partition's records in log order and the
 * clock, and answers with the {@link Effect}s to send; it does no I/O but through its {@link LedgerStore}.
 *
 * <p>The rules that make the log the only commit point:
 * <ul>
 * <li>Each key's undecided transactions queue in log order; only the first (it holds the key's
 *     reservation) can be committed. A single-key write commits once its precondition holds and W
 *     holders acknowledged, before its deadline; a delete needs no acks. Anything else is aborted:
 *     at once when the precondition fails, at the deadline otherwise. A batch member is decided only
 *     by the batch's coordinating owner, from the members' {@link Prepared} reports.</li>
 * <li>A decision counts when it comes back through the log, not when it is published, and the first
 *     decision on a transaction wins: a retried publish or a former owner's late one changes nothing.
 *     Applying is idempotent (same transaction, same version), so a new owner that replays the
 *     partition from the committed offset reaches the same state.</li>
 * <li>While the owner replays (before {@link #resume}) it applies what the log decided but decides
 *     nothing itself; offsets are never committed past an undecided intent or its acks
 *     ({@link #safeTxOffset}, {@link #safeAckOffset}), so a replay always sees them again.</li>
 * </ul>
 *
 * <p>Thread-safety: records, ticks and decisions arrive on the owning consumer's thread. Look-ups read
 * {@link KeyState#versions()} from any thread; the few writes from other threads ({@link #moveHolders})
 * and commits synchronize on the key.
 */
public final class PartitionLedger {

    /** A decision published but not seen back within this time is published again (first one wins). */
    static final long REDECIDE_AFTER_MILLIS = 5_000;
    /** A batch member's report is repeated this often while its batch is undecided. */
    static final long REPORT_AGAIN_AFTER_MILLIS = 2_000;
    /** Acks, reports and destroy confirmations for transactions never seen are kept this long. */
    static final long FORGET_AFTER_MILLIS = 120_000;

    private final int partition;
    private final LedgerStore store;
    private final int w;
    private final int destroysNeeded;
    private final int keysKept;
    private final Map<String, KeyState> keys = new ConcurrentHashMap<>();
    private final Map<String, PendingTx> undecided = new LinkedHashMap<>();
    /** Transactions (and "batch:" ids) decided in this owner's time, so a re-read intent is not queued again. */
    private final Map<String, Long> decided = new HashMap<>();
    private final Map<String, List<Early<ShareAck>>> earlyAcks = new HashMap<>();
    private final Map<String, BatchCoordination> batches = new HashMap<>();
    private final Map<String, List<Early<Prepared>>> earlyReports = new HashMap<>();
    private final Map<String, DestroyWatch> destroys = new HashMap<>();
    private final Map<String, IdempotencyRow> idempotencyWritten = new HashMap<>();
    private volatile boolean ready;

    /**
     * @param w              acks a write needs
     * @param destroysNeeded holders of each version that must confirm a delete's destroy: n - k + 1
     * @param keysKept       key states kept in memory past which idle ones are dropped (read again from the
     *                       store when asked): {@code dsv.metadata.keys-in-memory} over the partitions
     */
    public PartitionLedger(int partition, LedgerStore store, int w, int destroysNeeded, int keysKept) {
        if (keysKept < 1) {
            throw new IllegalArgumentException("keys kept in memory must be positive");
        }
        this.partition = partition;
        this.store = store;
        this.w = w;
        this.destroysNeeded = destroysNeeded;
        this.keysKept = keysKept;
    }

    public int partition() {
        return partition;
    }

    /** Caught up with the log: look-ups are answered and decisions made. */
    public boolean ready() {
        return ready;
    }

    // --- the log ---

    public List<Effect> onIntent(TxIntent intent, long offset, long now) {
        String txId = intent.txId();
        if (decided.containsKey(txId) || undecided.containsKey(txId)) {
            return List.of();                                        // read again after a retry
        }
        KeyState key = key(intent.namespace(), intent.name());
        if (key.committedBy(txId).isPresent()) {
            remember(txId, now);
            return List.of();
        }
        PendingTx tx = new PendingTx(intent, offset);
        undecided.put(txId, tx);
        key.queue.addLast(tx);
        for (Early<ShareAck> ack : drain(earlyAcks, txId)) {
            tx.stored(ack.message.nodeId(), ack.offset);
        }
        List<Effect> out = new ArrayList<>(evaluate(key, now));
        TxIntent.Batch batch = intent.batch();
        if (batch != null && batch.coordinator().txId().equals(txId)) {
            BatchCoordination coordination = new BatchCoordination(batch, intent.deadlineMillis(),
                    intent.idempotencyKey() != null);
            batches.put(batch.batchId(), coordination);
            for (Early<Prepared> report : drain(earlyReports, batch.batchId())) {
                coordination.report(report.message, report.offset);
            }
            out.addAll(evaluateBatch(coordination, now));
        }
        return out;
    }

    public List<Effect> onAck(ShareAck ack, long offset, long now) {
        switch (ack.kind()) {
            case STORED -> {
                PendingTx tx = undecided.get(ack.txId());
                if (tx != null) {
                    tx.stored(ack.nodeId(), offset);
                    KeyState key = key(tx.intent.namespace(), tx.intent.name());
                    return key.head() == tx ? evaluate(key, now) : List.of();
                }
                if (!decided.containsKey(ack.txId())) {
                    earlyAcks.computeIfAbsent(ack.txId(), t -> new ArrayList<>()).add(new Early<>(ack, offset, now));
                }
                return List.of();
            }
            case DESTROYED -> {
                DestroyWatch watch = destroys.get(ack.txId());
                if (watch != null) {
                    watch.destroyed(ack.nodeId());
                    if (watch.done()) {
                        destroys.remove(ack.txId());
                        return List.of(Send.reply(new Destroyed(ack.txId())));
                    }
                }
                return List.of();
            }
            default -> {
                return List.of();
            }
        }
    }

    public List<Effect> onPrepared(Prepared report, long offset, long now) {
        BatchCoordination batch = batches.get(report.batchId());
        if (batch == null) {
            if (!decided.containsKey("batch:" + report.batchId())) {
                earlyReports.computeIfAbsent(report.batchId(), b -> new ArrayList<>()).add(new Early<>(report, offset, now));
            }
            return List.of();
        }
        batch.report(report, offset);
        return evaluateBatch(batch, now);
    }

    public List<Effect> onDecision(TxDecision decision, long offset, long now) {
        KeyState key = key(decision.namespace(), decision.name());
        String txId = decision.txId();
        PendingTx tx = undecided.get(txId);
        Optional<SecretVersion> applied = key.committedBy(txId);
        List<Effect> out = new ArrayList<>();
        if (applied.isPresent()) {
            // Applied before (by this owner or an earlier one): answer alike, and make sure a delete's
            // destroys went out. Whatever this decision says, the first one was this commit.
            if (tx != null) {
                settle(key, tx, now);
            }
            out.add(Send.reply(new TxOutcome(txId, true, null, applied.get().version(), null)));
            if (SecretVersion.DELETED.equals(applied.get().state())) {
                out.addAll(destroy(key, txId, key.versions().stream()
                        .filter(v -> v.version() < applied.get().version() && SecretVersion.DESTROYED.equals(v.state()))
                        .toList(), now));
            }
            out.addAll(evaluate(key, now));
            return out;
        }
        if (tx == null) {
            // Never seen here and not applied: an abort is the truth; a commit cannot be the first
            // decision (that one would have been applied before the offsets moved past the intent).
            if (!decision.commit()) {
                out.add(Send.reply(TxOutcome.of(decision)));
            }
            remember(txId, now);
            return out;
        }
        if (decision.commit() && key.head() != tx) {
            return List.of();                                       // only the reservation holder commits
        }
        if (decision.commit()) {
            // Cassandra first, settled after: when a write fails (Cassandra restarting) the consumer reads
            // this decision again, and the transaction must still be undecided here to be committed then.
            // Settled first, the second reading found no transaction and dropped a half-written commit.
            out.addAll(commit(key, tx, decision, now));
            settle(key, tx, now);
        } else {
            settle(key, tx, now);
            out.add(Send.reply(TxOutcome.of(decision)));
            for (Holder holder : tx.intent.holders()) {
                out.add(Send.toShard(holder.nodeId(), key.key(), new ShareAbort(txId, key.namespace, key.name)));
            }
        }
        out.addAll(evaluate(key, now));
        return out;
    }

    /** The clock: deadlines, decisions lost on the way, reports to repeat, and what to forget. */
    public List<Effect> tick(long now) {
        if (!ready) {
            return List.of();
        }
        List<Effect> out = new ArrayList<>();
        for (PendingTx tx : List.copyOf(undecided.values())) {
            if (tx.deciding() && now - tx.decidingSince > REDECIDE_AFTER_MILLIS) {
                tx.decidingSince = 0;
            }
            KeyState key = key(tx.intent.namespace(), tx.intent.name());
            if (key.head() == tx) {
                out.addAll(evaluate(key, now));
            } else if (tx.intent.batch() == null && !tx.deciding() && now >= tx.intent.deadlineMillis()
                    && !retriesAnEarlierOne(key, tx)) {
                // waited behind the key's other writes past its deadline: a retry whose Idempotency-Key has a
                // result already learns that result (its first attempt committed), anything else is a conflict
                tx.decidingSince = now;
                out.add(new Publish(List.of(earlierResult(tx.intent, now)
                        .orElseGet(() -> abort(tx.intent, ErrorCode.CONFLICT.code(), now)))));
            }
        }
        for (BatchCoordination batch : List.copyOf(batches.values())) {
            if (batch.deciding() && now - batch.decidingSince > REDECIDE_AFTER_MILLIS) {
                batch.decidingSince = 0;
            }
            out.addAll(evaluateBatch(batch, now));
        }
        forget(now);
        dropIdleKeys();
        return out;
    }

    /**
     * Past {@code keysKept} key states in memory, drops the least recently used idle ones (an empty queue:
     * every undecided transaction is in its key's queue, they enter and leave both together) down to nine
     * tenths of it: every key's committed state is in the store before it is in memory, so a dropped key
     * is read again when next asked for. Runs on the consumer thread, the only one that changes a key's
     * transactions; a holder move on another thread locks the key and sees it dropped.
     */
    private void dropIdleKeys() {
        if (keys.size() <= keysKept) {
            return;
        }
        List<KeyState> idle = keys.values().stream().filter(k -> k.queue.isEmpty())
                .sorted(Comparator.comparingLong(k -> k.lastUsed)).toList();
        int excess = keys.size() - keysKept * 9 / 10;
        for (KeyState key : idle.subList(0, Math.min(excess, idle.size()))) {
            synchronized (key) {
                if (keys.remove(key.key(), key)) {
                    key.dropped = true;
                }
            }
        }
    }

    /** Key states in memory now (for tests). */
    int keysInMemory() {
        return keys.size();
    }

    /**
     * A retry (same Idempotency-Key) queued behind its first attempt must learn that attempt's outcome, so
     * it waits for its turn however long that takes, instead of being refused as a conflict.
     */
    private static boolean retriesAnEarlierOne(KeyState key, PendingTx tx) {
        String idempotencyKey = tx.intent.idempotencyKey();
        if (idempotencyKey == null) {
            return false;
        }
        for (PendingTx earlier : key.queue) {
            if (earlier == tx) {
                return false;
            }
            if (idempotencyKey.equals(earlier.intent.idempotencyKey())) {
                return true;
            }
        }
        return false;
    }

    /** Caught up with the log after an assignment: from now on this owner decides. */
    public List<Effect> resume(long now) {
        ready = true;
        return tick(now);
    }

    /** Publishing these decisions failed: they may or may not be in the log, so decide again later. */
    public void decisionsLost(List<String> txIds) {
        for (String txId : txIds) {
            PendingTx tx = undecided.get(txId);
            if (tx != null) {
                tx.decidingSince = 0;
            }
            for (BatchCoordination batch : batches.values()) {
                if (batch.coordinatorTxId().equals(txId)) {
                    batch.decidingSince = 0;
                }
            }
        }
    }

    /** The offset of {@code dsv.tx} that may be committed: not past any undecided intent. */
    public long safeTxOffset(long next) {
        long safe = next;
        for (PendingTx tx : undecided.values()) {
            safe = Math.min(safe, tx.offset);
        }
        return safe;
    }

    /** The offset of {@code dsv.tx.acks} that may be committed: not past anything an undecided write needs. */
    public long safeAckOffset(long next) {
        long safe = next;
        for (PendingTx tx : undecided.values()) {
            safe = Math.min(safe, tx.firstAckOffset);
        }
        for (List<Early<ShareAck>> acks : earlyAcks.values()) {
            for (Early<ShareAck> ack : acks) {
                safe = Math.min(safe, ack.offset);
            }
        }
        for (BatchCoordination batch : batches.values()) {
            safe = Math.min(safe, batch.firstReportOffset);
        }
        for (List<Early<Prepared>> reports : earlyReports.values()) {
            for (Early<Prepared> report : reports) {
                safe = Math.min(safe, report.offset);
            }
        }
        return safe;
    }

    // --- look-ups and rebalancing (any thread) ---

    /** The key's versions, newest first, loaded from the store the first time it is asked for. */
    public List<SecretVersion> versions(String namespace, String name) {
        return key(namespace, name).versions();
    }

    /**
     * Rebalancing moved a version's shares, or repair rebuilt one under a fresh salt: record its holders
     * and the new shares' commitments (the others keep theirs) if it is still readable.
     */
    public boolean moveHolders(String namespace, String name, long version, List<Holder> holders,
                               Map<Integer, byte[]> commitments) {
        KeyState key = key(namespace, name);
        synchronized (key) {
            if (key.dropped) {
                return moveHolders(namespace, name, version, holders, commitments);     // dropped meanwhile: anew
            }
            Optional<SecretVersion> found = key.version(version);
            if (found.isEmpty() || !found.get().readable()) {
                return false;
            }
            Map<String, Integer> map = new LinkedHashMap<>();
            holders.forEach(h -> map.put(h.nodeId(), h.shareIndex()));
            SecretVersion v = found.get();
            Map<Integer, byte[]> merged = v.commitmentBytes();
            merged.putAll(commitments);
            SecretVersion moved = new SecretVersion(v.namespace(), v.name(), v.version(), v.txId(), v.operation(),
                    v.state(), v.validFrom(), v.validTo(), map, SecretVersion.commitmentBuffers(merged), v.writer());
            store.saveVersions(List.of(moved));
            key.replace(key.versions().stream().map(x -> x.version() == version ? moved : x).toList());
            return true;
        }
    }

    // --- deciding ---

    /** The first undecided write of the key: decide it, or (a batch member) report how it stands. */
    private List<Effect> evaluate(KeyState key, long now) {
        PendingTx head = key.head();
        if (!ready || head == null || head.deciding()) {
            return List.of();
        }
        if (head.intent.batch() != null) {
            return report(key, head, now);
        }
        TxDecision decision = decide(key, head, now);
        if (decision == null) {
            return List.of();
        }
        head.decidingSince = now;
        return List.of(new Publish(List.of(decision)));
    }

    /** A single-key write at the front of its queue: a decision, or null to wait for more acks. */
    private TxDecision decide(KeyState key, PendingTx head, long now) {
        TxIntent intent = head.intent;
        Optional<TxDecision> refused = refusal(key, intent, now);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (intent.operation() == Operation.DELETE) {
            return TxDecision.commit(intent.txId(), intent.namespace(), intent.name(), key.latestVersion() + 1, now);
        }
        if (now >= intent.deadlineMillis()) {
            return abort(intent, ErrorCode.WRITE_QUORUM_FAILED.code(), now);
        }
        if (head.stored.size() >= w) {
            return TxDecision.commit(intent.txId(), intent.namespace(), intent.name(), key.latestVersion() + 1, now);
        }
        return null;
    }

    /** An abort that follows from the key itself: the Idempotency-Key's earlier result, or the precondition. */
    private Optional<TxDecision> refusal(KeyState key, TxIntent intent, long now) {
        return earlierResult(intent, now)
                .or(() -> Preconditions.refusal(key, intent).map(code -> abort(intent, code.code(), now)));
    }

    /**
     * The answer an Idempotency-Key already has: a replay of its recorded result for the same request, a
     * refusal for another one; empty without a key or a result.
     */
    private Optional<TxDecision> earlierResult(TxIntent intent, long now) {
        if (intent.idempotencyKey() == null) {
            return Optional.empty();
        }
        return idempotency(intent.namespace(), intent.idempotencyKey()).map(row -> {
            boolean same = row.name().equals(intent.name()) && row.operation().equals(intent.operation().name())
                    && row.sameRequest(intent.requestMac());
            return same
                    ? new TxDecision(intent.txId(), intent.namespace(), intent.name(), false, TxDecision.REPLAY,
                            row.version(), now, null)
                    : abort(intent, ErrorCode.IDEMPOTENCY_KEY_REUSED.code(), now);
        });
    }

    /** A batch member at the front of its queue tells the coordinating owner whether it can commit. */
    private List<Effect> report(KeyState key, PendingTx head, long now) {
        TxIntent intent = head.intent;
        Prepared prepared;
        Optional<TxDecision> refused = refusal(key, intent, now);
        if (refused.isPresent()) {
            TxDecision no = refused.get();
            prepared = new Prepared(intent.txId(), intent.batch().batchId(), intent.name(), false, no.reason(), no.version());
        } else if (intent.operation() == Operation.DELETE || head.stored.size() >= w) {
            prepared = new Prepared(intent.txId(), intent.batch().batchId(), intent.name(), true, null,
                    key.latestVersion() + 1);
        } else {
            return List.of();                                       // the coordinator handles the deadline
        }
        String status = prepared.ready() ? "ready:" + prepared.version() : prepared.reason();
        if (status.equals(head.reported) && now - head.reportedAt < REPORT_AGAIN_AFTER_MILLIS) {
            return List.of();
        }
        head.reported = status;
        head.reportedAt = now;
        return List.of(new Send(Topics.ACKS, intent.batch().coordinator().key(), prepared));
    }

    /** The coordinating owner decides every member at once: all ready, or one refused, or the deadline. */
    private List<Effect> evaluateBatch(BatchCoordination batch, long now) {
        if (!ready || batch.deciding()) {
            return List.of();
        }
        List<TxIntent.Member> members = batch.batch.members();
        Prepared refused = batch.refusal(now);
        boolean allReady = refused == null && members.stream().allMatch(m -> batch.reports.containsKey(m.txId()));
        List<TxDecision> decisions = new ArrayList<>(members.size());
        for (TxIntent.Member member : members) {
            if (refused != null) {
                long version = refused.txId().equals(member.txId()) ? refused.version() : 0;
                decisions.add(new TxDecision(member.txId(), member.namespace(), member.name(), false, refused.reason(),
                        version, now, refused.name()));
            } else if (allReady) {
                decisions.add(TxDecision.commit(member.txId(), member.namespace(), member.name(),
                        batch.reports.get(member.txId()).version(), now));
            } else if (now >= batch.deadlineMillis) {
                decisions.add(new TxDecision(member.txId(), member.namespace(), member.name(), false,
                        ErrorCode.WRITE_QUORUM_FAILED.code(), 0, now, null));
            } else {
                return List.of();
            }
        }
        batch.decidingSince = now;
        return List.of(new Publish(decisions));
    }

    // --- applying ---

    /**
     * Makes the reserved version visible: Cassandra first, then memory, then the reply, so a read after
     * the answer sees it from any gateway. A delete's tombstone destroys exactly the versions it deleted.
     */
    private List<Effect> commit(KeyState key, PendingTx tx, TxDecision decision, long now) {
        TxIntent intent = tx.intent;
        boolean delete = intent.operation() == Operation.DELETE;
        List<SecretVersion> deleted = new ArrayList<>();
        long version;
        synchronized (key) {
            List<SecretVersion> old = key.versions();
            SecretVersion previous = old.isEmpty() ? null : old.get(0);
            version = key.latestVersion() + 1;
            // Intervals meet exactly and strictly increase (Cassandra keeps milliseconds).
            Instant validFrom = Instant.ofEpochMilli(decision.decidedAtMillis());
            if (previous != null && previous.validFrom() != null && !validFrom.isAfter(previous.validFrom())) {
                validFrom = previous.validFrom().plusMillis(1);
            }
            List<SecretVersion> changed = new ArrayList<>();
            List<SecretVersion> next = new ArrayList<>(old.size() + 1);
            for (SecretVersion v : old) {
                SecretVersion updated = v;
                if (v == previous && v.validTo() == null && v.validFrom() != null) {
                    updated = updated.closedAt(validFrom);
                }
                if (delete && v.readable()) {                      // an earlier tombstone stays one
                    updated = updated.destroyed();
                    deleted.add(v);
                }
                if (updated != v) {
                    changed.add(updated);
                }
                next.add(updated);
            }
            Map<String, Integer> holders = new LinkedHashMap<>();
            for (String acked : tx.stored) {                          // the first to acknowledge first
                intent.holders().stream().filter(h -> h.nodeId().equals(acked)).findFirst()
                        .ifPresent(h -> holders.put(h.nodeId(), h.shareIndex()));
            }
            intent.holders().forEach(h -> holders.putIfAbsent(h.nodeId(), h.shareIndex()));
            SecretVersion created = new SecretVersion(key.namespace, key.name, version, intent.txId(),
                    intent.operation().name(), delete ? SecretVersion.DELETED : SecretVersion.ACTIVE, validFrom, null,
                    holders, SecretVersion.commitmentBuffers(intent.commitmentsByIndex()), intent.actor());
            changed.add(created);
            next.add(0, created);
            store.saveVersions(changed);
            store.saveLatest(created);
            if (intent.idempotencyKey() != null) {
                IdempotencyRow row = new IdempotencyRow(key.namespace, intent.idempotencyKey(), key.name,
                        intent.operation().name(), version, intent.txId(), validFrom,
                        intent.requestMac() == null ? null : java.nio.ByteBuffer.wrap(intent.requestMac().clone()));
                store.saveIdempotency(row);
                idempotencyWritten.put(key.namespace + "/" + intent.idempotencyKey(), row);
            }
            key.replace(next);
        }
        List<Effect> out = new ArrayList<>();
        out.add(Send.reply(new TxOutcome(intent.txId(), true, null, version, null)));
        if (delete) {
            out.addAll(destroy(key, intent.txId(), deleted, now));
        }
        return out;
    }

    /** One destroy per holder naming the transactions of the deleted versions it holds, and the watch. */
    private List<Effect> destroy(KeyState key, String deleteTxId, List<SecretVersion> deleted, long now) {
        Map<String, List<String>> txIdsByNode = new LinkedHashMap<>();
        List<Set<String>> holdersPerVersion = new ArrayList<>();
        for (SecretVersion version : deleted) {
            if (version.holders() == null || version.holders().isEmpty() || version.txId() == null) {
                continue;                                            // a tombstone has no shares
            }
            holdersPerVersion.add(new LinkedHashSet<>(version.holders().keySet()));
            for (String nodeId : version.holders().keySet()) {
                txIdsByNode.computeIfAbsent(nodeId, n -> new ArrayList<>()).add(version.txId());
            }
        }
        List<Effect> out = new ArrayList<>();
        txIdsByNode.forEach((nodeId, txIds) -> out.add(Send.toShard(nodeId, key.key(),
                new ShareDestroy(deleteTxId, key.namespace, key.name, List.copyOf(txIds)))));
        DestroyWatch watch = new DestroyWatch(deleteTxId, holdersPerVersion, destroysNeeded, now);
        if (watch.done()) {
            out.add(Send.reply(new Destroyed(deleteTxId)));
        } else {
            destroys.put(deleteTxId, watch);
        }
        return out;
    }

    private void settle(KeyState key, PendingTx tx, long now) {
        key.queue.remove(tx);
        undecided.remove(tx.txId());
        remember(tx.txId(), now);
        TxIntent.Batch batch = tx.intent.batch();
        if (batch != null && batch.coordinator().txId().equals(tx.txId())) {
            batches.remove(batch.batchId());
            remember("batch:" + batch.batchId(), now);
        }
    }

    // --- helpers ---

    private KeyState key(String namespace, String name) {
        KeyState key = keys.computeIfAbsent(namespace + "/" + name,
                k -> new KeyState(namespace, name, store.versions(namespace, name)));
        key.lastUsed = System.nanoTime();
        return key;
    }

    private Optional<IdempotencyRow> idempotency(String namespace, String idempotencyKey) {
        IdempotencyRow written = idempotencyWritten.get(namespace + "/" + idempotencyKey);
        return written != null ? Optional.of(written) : store.idempotency(namespace, idempotencyKey);
    }

    private static TxDecision abort(TxIntent intent, String reason, long now) {
        return TxDecision.abort(intent.txId(), intent.namespace(), intent.name(), reason, now);
    }

    private void remember(String id, long now) {
        decided.put(id, now + FORGET_AFTER_MILLIS);
    }

    private void forget(long now) {
        decided.values().removeIf(until -> until < now);
        expire(earlyAcks, now);
        expire(earlyReports, now);
        destroys.values().removeIf(watch -> now - watch.startedAt > FORGET_AFTER_MILLIS);
        if (idempotencyWritten.size() > 10_000) {
            idempotencyWritten.clear();                              // only a cache: the store has them
        }
    }

    private static <T extends Message> void expire(Map<String, List<Early<T>>> early, long now) {
        for (Iterator<List<Early<T>>> it = early.values().iterator(); it.hasNext(); ) {
            List<Early<T>> list = it.next();
            list.removeIf(e -> now - e.receivedAt > FORGET_AFTER_MILLIS);
            if (list.isEmpty()) {
                it.remove();
            }
        }
    }

    private static <T extends Message> List<Early<T>> drain(Map<String, List<Early<T>>> early, String id) {
        List<Early<T>> list = early.remove(id);
        return list == null ? List.of() : list;
    }

    /** An ack or report that came before the intent it belongs to. */
    private record Early<T extends Message>(T message, long offset, long receivedAt) {
    }
}
