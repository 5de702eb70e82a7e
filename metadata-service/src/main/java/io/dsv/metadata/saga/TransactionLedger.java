package io.dsv.metadata.saga;

import io.dsv.core.domain.ErrorCode;
import io.dsv.core.protocol.Applied;
import io.dsv.core.protocol.Holder;
import io.dsv.core.protocol.Message;
import io.dsv.core.protocol.Operation;
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
    public List<Message> onIntent(TxIntent intent) {
        synchronized (lockOf(intent.namespace(), intent.name())) {
            return onIntentLocked(intent);
        }
    }

    private List<Message> onIntentLocked(TxIntent intent) {
        Instant now = clock.instant();
        SecretHead head = head(intent.namespace(), intent.name());
        if (head.reservedAt(now) && !intent.txId().equals(head.reservedTx())) {
            waiting.computeIfAbsent(key(intent.namespace(), intent.name()), k -> new ArrayDeque<>()).add(intent);
            return List.of();
        }
        return List.of(vote(head, intent, now));
    }

    /** Applies a decision, then votes on whatever waited for the key. */
    public List<Message> onDecision(TxDecision decision) {
        synchronized (lockOf(decision.namespace(), decision.name())) {
            return onDecisionLocked(decision);
        }
    }

    private List<Message> onDecisionLocked(TxDecision decision) {
        String key = key(decision.namespace(), decision.name());
        Deque<TxIntent> queue = waiting.get(key);
        if (!decision.commit() && queue != null && queue.removeIf(i -> i.txId().equals(decision.txId()))) {
            return List.of(new Applied(decision.txId(), false, 0L));    // aborted while still waiting
        }
        List<Message> replies = new ArrayList<>();
        replies.add(apply(decision));
        replies.addAll(drain(decision.namespace(), decision.name()));
        return replies;
    }

    /** Releases keys whose holder's lease ran out while others wait (its coordinator died). */
    public List<Message> expireLeases() {
        List<Message> replies = new ArrayList<>();
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

    private List<Message> drain(String namespace, String name) {
        String key = key(namespace, name);
        Deque<TxIntent> queue = waiting.get(key);
        List<Message> votes = new ArrayList<>();
        Instant now = clock.instant();
        while (queue != null && !queue.isEmpty()) {
            SecretHead head = head(namespace, name);
            if (head.reservedAt(now)) {
                break;
            }
            TxIntent next = queue.poll();
            if (Instant.ofEpochMilli(next.createdAtMillis()).plusMillis(next.leaseMillis()).isBefore(now)) {
                votes.add(new Vote(next.txId(), false, 0L, ErrorCode.CONFLICT.code()));   // its coordinator gave up
                continue;
            }
            votes.add(vote(head, next, now));
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

    private Applied apply(TxDecision decision) {
        SecretHead head = store.head(decision.namespace(), decision.name()).orElse(null);
        if (head == null) {
            return new Applied(decision.txId(), false, 0L);
        }
        boolean holdsReservation = decision.txId().equals(head.reservedTx());
        if (!decision.commit()) {
            if (holdsReservation) {
                store.save(head.released());
            }
            return new Applied(decision.txId(), false, 0L);
        }
        if (!holdsReservation) {
            // Either applied before (a redelivery: answer alike) or the lease was lost to another writer.
            boolean appliedBefore = store.version(decision.namespace(), decision.name(), decision.version())
                    .map(v -> decision.txId().equals(v.txId()))
                    .orElse(false);
            return new Applied(decision.txId(), appliedBefore, appliedBefore ? decision.version() : 0L);
        }
        commit(head, decision);
        return new Applied(decision.txId(), true, head.reservedVersion());
    }

    private void commit(SecretHead head, TxDecision decision) {
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
        if (delete) {
            for (SecretVersion old : store.versions(head.namespace(), head.name())) {
                if (!SecretVersion.DESTROYED.equals(old.state())) {
                    store.save(old.destroyed());
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
