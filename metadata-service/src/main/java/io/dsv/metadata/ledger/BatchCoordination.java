package io.dsv.metadata.ledger;

import io.dsv.core.protocol.Prepared;
import io.dsv.core.protocol.TxIntent;
import java.util.HashMap;
import java.util.Map;

/** A batch this partition's owner coordinates: the members' reports, until its decisions are in the log. */
final class BatchCoordination {

    final TxIntent.Batch batch;
    final long deadlineMillis;
    /** The latest report of each member, by the member's txId. */
    final Map<String, Prepared> reports = new HashMap<>();
    long firstReportOffset = Long.MAX_VALUE;
    long decidingSince;

    BatchCoordination(TxIntent.Batch batch, long deadlineMillis) {
        this.batch = batch;
        this.deadlineMillis = deadlineMillis;
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
