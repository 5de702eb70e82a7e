package io.dsv.metadata.ledger;

import io.dsv.core.protocol.Message;
import io.dsv.core.protocol.Topics;
import io.dsv.core.protocol.TxDecision;
import java.util.List;

/** What applying a record asks the owner to send: decisions into the log, and everything else. */
public sealed interface Effect {

    /**
     * Decisions to write into {@code dsv.tx}: one record, or a batch's in one Kafka transaction. If the
     * publish fails, the ledger must hear of it ({@link PartitionLedger#decisionsLost}) to decide again.
     */
    record Publish(List<TxDecision> decisions) implements Effect {
    }

    /** A reply to a coordinator, a command to a shard node, or a batch member's report. */
    record Send(String topic, String key, Message message) implements Effect {

        static Send reply(Message message) {
            return new Send(Topics.REPLIES, message.txId(), message);
        }

        static Send toShard(String nodeId, String key, Message command) {
            return new Send(Topics.shard(nodeId), key, command);
        }
    }
}
