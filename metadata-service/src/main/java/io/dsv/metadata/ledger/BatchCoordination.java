package io.dsv.metadata.ledger;

import io.dsv.core.protocol.Prepared;
import io.dsv.core.protocol.TxIntent;
import java.util.HashMap;
import java.util.Map;

/** A batch this partition's owner coordinates: the members' reports, until its decisions are in the log. */
final class BatchCoordination {

    final TxIntent.Batch batch;
    final long deadlineMillis;
    /** The coordinator's intent carries an Idempotency-Key: its verdict (a replay, or the key reused) comes first. */
    final boolean keyed;
    /** The latest report of each member, by the member's txId. */
    final Map<String, Prepared> reports = new HashMap<>();
    long firstReportOffset = Long.MAX_VALUE;
    long decidingSince;

    BatchCoordination(TxIntent.Batch batch, long deadlineMillis, boolean keyed) {
        this.batch = batch;
        this.deadlineMillis = deadlineMillis;
        this.keyed = keyed;
    }

    /**
     * The refusal that decides the batch, in member order (the coordinator first), or null. With an
     * Idempotency-Key, another member's refusal waits for the coordinator's report until the deadline: a
     * replay or a reused key explains the others' refusals ("exists" because the first attempt wrote it),
     * so the answer does not depend on which report arrived first.
     */
    Prepared refusal(long now) {
        Prepared first = null;
        for (TxIntent.Member member : batch.members()) {
            Prepared report = reports.get(member.txId());
            if (report != null && !report.ready()) {
                first = report;
                break;
            }
        }
        if (first != null && keyed && !reports.containsKey(coordinatorTxId()) && now < deadlineMillis) {
            return null;
        }
        return first;
    }

    void report(Prepared prepared, long offset) {
        if (batch.members().stream().anyMatch(m -> m.txId().equals(prepared.txId()))) {
            reports.put(prepared.txId(), prepared);
            firstReportOffset = Math.min(firstReportOffset, offset);
        }
    }

    boolean deciding() {
        return decidingSince != 0;
    }

    String coordinatorTxId() {
        return batch.coordinator().txId();
    }
}
