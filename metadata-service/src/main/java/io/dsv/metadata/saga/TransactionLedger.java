package io.dsv.metadata.saga;

import io.dsv.core.domain.ErrorCode;
import io.dsv.core.protocol.Applied;
import io.dsv.core.protocol.Holder;
import io.dsv.core.protocol.Operation;
import io.dsv.core.protocol.ShareAbort;
import io.dsv.core.protocol.ShareDestroy;
import io.dsv.core.protocol.TxDecision;
import io.dsv.core.protocol.TxIntent;
import io.dsv.core.protocol.Vote;
import io.dsv.metadata.store.IdempotencyRow;
import io.dsv.metadata.store.MetadataStore;
import io.dsv.metadata.store.SecretHead;
import io.dsv.metadata.store.SecretVersion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Votes on intents (reserving the key) and applies decisions (making a version visible, closing the
 * previous one's validity interval, recording holders, releasing the reservation).
 *
 * <p>An intent for a key that another transaction holds waits in that key's queue, in log order,
 * and is voted on when the key is released: concurrent updates all succeed, one after the other,
 * with consecutive versions, instead of failing with a conflict.
 *
 * <p>Thread-safe per key: everything about one key happens under that key's lock stripe, so the
 * several consumers of {@code dsv.tx} (each owning some partitions, a key always in the same one)
 * work on different keys at once. Same-key work is ordered by the log and the stripe.
 */
@Service
public class TransactionLedger {

    private final MetadataStore store;
    private final Clock clock;
    private final Duration idempotencyTtl;
    private static final int STRIPES = 256;

    private final Map<String, Deque<TxIntent>> waiting = new java.util.concurrent.ConcurrentHashMap<>();
    private final Object[] stripes = new Object[STRIPES];

    @Autowired
    public TransactionLedger(MetadataStore store, @Value("${dsv.metadata.idempotency-ttl:24h}") Duration idempotencyTtl) {
        this(store, Clock.systemUTC(), idempotencyTtl);
    }

    TransactionLedger(MetadataStore store, Clock clock, Duration idempotencyTtl) {
        this.store = store;
        this.clock = clock;
        this.idempotencyTtl = idempotencyTtl;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    private Object lockOf(String namespace, String name) {
        return stripes[Math.floorMod(key(namespace, name).hashCode(), STRIPES)];
    }

    /** The vote on an intent, or nothing yet when it waits behind the key's current transaction. */
    public List<Outbound> onIntent(TxIntent intent) {
        synchronized (lockOf(intent.namespace(), intent.name())) {
            return onIntentLocked(intent);
        }
    }

    private List<Outbound> onIntentLocked(TxIntent intent) {
        Instant now = clock.instant();
        SecretHead head = head(intent.namespace(), intent.name());
        if (head.reservedAt(now) && !intent.txId().equals(head.reservedTx())) {
            waiting.computeIfAbsent(key(intent.namespace(), intent.name()), k -> new ArrayDeque<>()).add(intent);
            return List.of();
        }
        return List.of(Outbound.reply(vote(head, intent, now)));
    }

    /** Applies a decision, then votes on whatever waited for the key. */
    public List<Outbound> onDecision(TxDecision decision) {
        synchronized (lockOf(decision.namespace(), decision.name())) {
            return onDecisionLocked(decision);
        }
    }

    private List<Outbound> onDecisionLocked(TxDecision decision) {
        String key = key(decision.namespace(), decision.name());
        Deque<TxIntent> queue = waiting.get(key);
        if (!decision.commit() && queue != null && queue.removeIf(i -> i.txId().equals(decision.txId()))) {
            return notApplied(decision);                                  // aborted while still waiting
        }
        List<Outbound> replies = new ArrayList<>(apply(decision));
        replies.addAll(drain(decision.namespace(), decision.name()));
        return replies;
    }

    /** Releases keys whose holder's lease ran out while others wait (its coordinator died). */
    public List<Outbound> expireLeases() {
        List<Outbound> replies = new ArrayList<>();
        for (String key : List.copyOf(waiting.keySet())) {
            String[] parts = key.split("/", 2);
            synchronized (lockOf(parts[0], parts[1])) {
                Instant now = clock.instant();
                SecretHead head = head(parts[0], parts[1]);
                if (!head.reservedAt(now)) {
                    if (head.reservedTx() != null) {
                        store.save(head.released());
                    }
                    replies.addAll(drain(parts[0], parts[1]));
                }
            }
        }
        return replies;
    }

    private List<Outbound> drain(String namespace, String name) {
        String key = key(namespace, name);
        Deque<TxIntent> queue = waiting.get(key);
        List<Outbound> votes = new ArrayList<>();
        Instant now = clock.instant();
        while (queue != null && !queue.isEmpty()) {
            SecretHead head = head(namespace, name);
            if (head.reservedAt(now)) {
                break;
            }
            TxIntent next = queue.poll();
            if (Instant.ofEpochMilli(next.createdAtMillis()).plusMillis(next.leaseMillis()).isBefore(now)) {
                votes.add(Outbound.reply(new Vote(next.txId(), false, 0L, ErrorCode.CONFLICT.code())));   // its coordinator gave up
                continue;
            }
            votes.add(Outbound.reply(vote(head, next, now)));
        }
        if (queue != null && queue.isEmpty()) {
            waiting.remove(key);
        }
        return votes;
    }

    private Vote vote(SecretHead head, TxIntent intent, Instant now) {
        Optional<Vote> replay = idempotencyVote(intent);
        if (replay.isPresent()) {
            return replay.get();
        }
        Vote vote = VoteDecider.decide(head, intent, now);
        if (vote.yes() && !intent.txId().equals(head.reservedTx())) {
            store.save(head.reserve(intent.txId(), vote.version(), intent.operation().name(),
                    now.plusMillis(intent.leaseMillis()), intent.coordinator()));
        }
        return vote;
    }

    /** A key used before answers with what it produced (same operation and name) or is refused. */
    private Optional<Vote> idempotencyVote(TxIntent intent) {
        if (intent.idempotencyKey() == null) {
            return Optional.empty();
        }
        return store.idempotency(intent.namespace(), intent.idempotencyKey()).map(row ->
                row.name().equals(intent.name()) && row.operation().equals(intent.operation().name())
                        ? new Vote(intent.txId(), false, row.version(), Vote.REPLAY)
                        : new Vote(intent.txId(), false, 0L, ErrorCode.IDEMPOTENCY_KEY_REUSED.code()));
    }

    /**
     * Applies a decision in log order. A commit counts only while its transaction holds the key's
     * reservation; a redelivered commit is answered alike. Whatever did not commit has its shares
     * released, and a committed delete destroys the shares of exactly the versions it deleted.
     */
    private List<Outbound> apply(TxDecision decision) {
        SecretHead head = store.head(decision.namespace(), decision.name()).orElse(null);
        boolean holdsReservation = head != null && decision.txId().equals(head.reservedTx());
        if (holdsReservation && !decision.commit()) {
            store.save(head.released());
            return notApplied(decision);
        }
        if (!holdsReservation) {
            Optional<SecretVersion> committed = committedVersion(decision);
            if (committed.isEmpty()) {
                return notApplied(decision);      // an abort, a refused intent's, or a commit that lost its lease
            }
            // A redelivery, or an abort that came after the commit: the log already decided "committed".
            List<Outbound> out = new ArrayList<>();
            if (decision.commit()) {
                out.add(Outbound.reply(new Applied(decision.txId(), true, committed.get().version())));
            }
            if (SecretVersion.DELETED.equals(committed.get().state())) {
                long tombstone = committed.get().version();
                out.addAll(destroys(decision, store.versions(decision.namespace(), decision.name()).stream()
                        .filter(v -> v.version() < tombstone).toList()));
            }
            return out;
        }
        List<Outbound> out = new ArrayList<>();
        out.add(Outbound.reply(new Applied(decision.txId(), true, head.reservedVersion())));
        out.addAll(destroys(decision, commit(head, decision)));
        return out;
    }

    /** The version this transaction committed, if it did (at most a scan of one key's versions). */
    private Optional<SecretVersion> committedVersion(TxDecision decision) {
        if (decision.commit() && decision.version() > 0) {
            Optional<SecretVersion> named = store.version(decision.namespace(), decision.name(), decision.version())
                    .filter(v -> decision.txId().equals(v.txId()));
            if (named.isPresent()) {
                return named;
            }
        }
        return store.versions(decision.namespace(), decision.name()).stream()
                .filter(v -> decision.txId().equals(v.txId())).findFirst();
    }

    /** Not committed, and now never will be: the coordinator hears so, and the holders drop the shares. */
    private static List<Outbound> notApplied(TxDecision decision) {
        List<Outbound> out = new ArrayList<>();
        out.add(Outbound.reply(new Applied(decision.txId(), false, 0L)));
        String key = key(decision.namespace(), decision.name());
        for (Holder holder : decision.holders() == null ? List.<Holder>of() : decision.holders()) {
            out.add(Outbound.toShard(holder.nodeId(), key, new ShareAbort(decision.txId(), decision.namespace(),
                    decision.name())));
        }
        return out;
    }

    /** One destroy per node, naming the transactions of the deleted versions that node holds. */
    private static List<Outbound> destroys(TxDecision delete, List<SecretVersion> deleted) {
        Map<String, List<String>> txIdsByNode = new LinkedHashMap<>();
        for (SecretVersion version : deleted) {
            if (version.holders() == null || version.txId() == null) {
                continue;
            }
            for (String nodeId : version.holders().keySet()) {
                txIdsByNode.computeIfAbsent(nodeId, n -> new ArrayList<>()).add(version.txId());
            }
        }
        String key = key(delete.namespace(), delete.name());
        List<Outbound> out = new ArrayList<>();
        txIdsByNode.forEach((nodeId, txIds) -> out.add(Outbound.toShard(nodeId, key,
                new ShareDestroy(delete.txId(), delete.namespace(), delete.name(), List.copyOf(txIds)))));
        return out;
    }

    /** Makes the reserved version visible; for a delete, returns the versions it destroyed. */
    private List<SecretVersion> commit(SecretHead head, TxDecision decision) {
        Operation operation = Operation.valueOf(head.reservedOperation());
        long version = head.reservedVersion();
        Instant now = clock.instant();
        SecretVersion previous = head.latestVersion() > 0
                ? store.version(head.namespace(), head.name(), head.latestVersion()).orElse(null)
                : null;
        // Intervals meet exactly and strictly increase (Cassandra keeps milliseconds).
        Instant validFrom = now;
        if (previous != null && previous.validFrom() != null && !validFrom.isAfter(previous.validFrom())) {
            validFrom = previous.validFrom().plusMillis(1);
        }
        if (previous != null && previous.validTo() == null && previous.validFrom() != null) {
            store.save(previous.closedAt(validFrom));
        }
        boolean delete = operation == Operation.DELETE;
        List<SecretVersion> destroyed = new ArrayList<>();
        if (delete) {
            for (SecretVersion old : store.versions(head.namespace(), head.name())) {
                if (!SecretVersion.DESTROYED.equals(old.state())) {
                    store.save(old.destroyed());
                    destroyed.add(old);
                }
            }
        }
        Map<String, Integer> holders = new LinkedHashMap<>();
        for (Holder holder : decision.holders()) {
            holders.put(holder.nodeId(), holder.shareIndex());
        }
        store.save(new SecretVersion(head.namespace(), head.name(), version, decision.txId(), operation.name(),
                delete ? SecretVersion.DELETED : SecretVersion.ACTIVE, validFrom, null, holders, decision.actor()));
        store.save(head.committed(version, delete));
        if (decision.idempotencyKey() != null) {
            store.save(new IdempotencyRow(head.namespace(), decision.idempotencyKey(), head.name(), operation.name(),
                    version, decision.txId(), now), idempotencyTtl);
        }
        return destroyed;
    }

    /**
     * Rebalancing moved shares of a version: record its new holders, if it is still readable. Under
     * the ledger's lock, so a delete never interleaves with it.
     */
    public boolean moveHolders(String namespace, String name, long version, List<Holder> holders) {
        synchronized (lockOf(namespace, name)) {
            return moveHoldersLocked(namespace, name, version, holders);
        }
    }

    private boolean moveHoldersLocked(String namespace, String name, long version, List<Holder> holders) {
        Optional<SecretVersion> found = store.version(namespace, name, version);
        if (found.isEmpty() || !found.get().readable()) {
            return false;
        }
        Map<String, Integer> map = new LinkedHashMap<>();
        holders.forEach(h -> map.put(h.nodeId(), h.shareIndex()));
        SecretVersion v = found.get();
        store.save(new SecretVersion(v.namespace(), v.name(), v.version(), v.txId(), v.operation(), v.state(),
                v.validFrom(), v.validTo(), map, v.writer()));
        return true;
    }

    private SecretHead head(String namespace, String name) {
        return store.head(namespace, name).orElse(SecretHead.empty(namespace, name));
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
