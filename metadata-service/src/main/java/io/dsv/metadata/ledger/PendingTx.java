package io.dsv.metadata.ledger;

import io.dsv.core.protocol.TxIntent;
import java.util.LinkedHashSet;
import java.util.Set;

/** An intent seen in the log and not yet decided there, with the holders that stored their share so far. */
final class PendingTx {

    final TxIntent intent;
    /** Where the intent is in {@code dsv.tx}: offsets are never committed past an undecided intent. */
    final long offset;
    /** Nodes that acknowledged storing their share, in the order they did. */
    final Set<String> stored = new LinkedHashSet<>();
    /** The first of those acks in {@code dsv.tx.acks}: offsets there stay before it until the decision. */
    long firstAckOffset = Long.MAX_VALUE;
    /** When this owner published a decision that has not come back through the log yet; 0 when none. */
    long decidingSince;
    /** A batch member: what was last reported to the coordinating owner, and when. */
    String reported;
    long reportedAt;

    PendingTx(TxIntent intent, long offset) {
        this.intent = intent;
        this.offset = offset;
    }

    String txId() {
        return intent.txId();
    }

    boolean deciding() {
        return decidingSince != 0;
    }

    void stored(String nodeId, long ackOffset) {
        if (intent.holders().stream().anyMatch(h -> h.nodeId().equals(nodeId)) && stored.add(nodeId)) {
            firstAckOffset = Math.min(firstAckOffset, ackOffset);
        }
    }
}
