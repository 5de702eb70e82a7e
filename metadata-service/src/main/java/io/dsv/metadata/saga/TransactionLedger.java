package io.dsv.metadata.saga;

import io.dsv.core.protocol.Applied;
import io.dsv.core.protocol.Holder;
import io.dsv.core.protocol.Operation;
import io.dsv.core.protocol.TxDecision;
import io.dsv.core.protocol.TxIntent;
import io.dsv.core.protocol.Vote;
import io.dsv.metadata.store.MetadataStore;
import io.dsv.metadata.store.SecretHead;
import io.dsv.metadata.store.SecretVersion;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * Votes on intents (reserving the key) and applies decisions (making a version visible, closing the
 * previous one's validity interval, recording holders, releasing the reservation).
 */
@Service
public class TransactionLedger {

    private final MetadataStore store;
    private final Clock clock;

    @Autowired
    public TransactionLedger(MetadataStore store) {
        this(store, Clock.systemUTC());
    }

    TransactionLedger(MetadataStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Vote vote(TxIntent intent) {
        Instant now = clock.instant();
        SecretHead head = store.head(intent.namespace(), intent.name())
                .orElse(SecretHead.empty(intent.namespace(), intent.name()));
        Vote vote = VoteDecider.decide(head, intent, now);
        if (vote.yes() && !intent.txId().equals(head.reservedTx())) {
            store.save(head.reserve(intent.txId(), vote.version(), intent.operation().name(),
                    now.plusMillis(intent.leaseMillis()), intent.coordinator()));
        }
        return vote;
    }

    public Applied apply(TxDecision decision) {
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
        return new Applied(decision.txId(), true, decision.version());
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
        if (previous != null && previous.validTo() == null) {
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
    }
}
