package io.dsv.metadata.saga;

import io.dsv.core.protocol.Applied;
import io.dsv.core.protocol.Message;
import io.dsv.core.protocol.MessageCodec;
import io.dsv.core.protocol.Topics;
import io.dsv.core.protocol.TxDecision;
import io.dsv.core.protocol.TxIntent;
import io.dsv.core.protocol.Vote;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code dsv.tx} in partition order, so every key's intents and decisions are handled in
 * the order the log fixed: that order numbers the versions. Each record's effect is in Cassandra
 * before the reply is sent and before its offset is committed; redelivery is answered alike.
 */
@Component
public class TxLogListener {

    private final TransactionLedger ledger;
    private final KafkaTemplate<String, byte[]> kafka;

    public TxLogListener(TransactionLedger ledger, KafkaTemplate<String, byte[]> kafka) {
        this.ledger = ledger;
        this.kafka = kafka;
    }

    @KafkaListener(id = "metadata-tx", topics = Topics.TX, groupId = "dsv-metadata")
    public void onRecord(byte[] payload) throws InterruptedException, ExecutionException, TimeoutException {
        Message message = MessageCodec.decode(payload);
        Message reply;
        if (message instanceof TxIntent intent) {
            Vote vote = ledger.vote(intent);
            reply = vote;
        } else if (message instanceof TxDecision decision) {
            Applied applied = ledger.apply(decision);
            reply = applied;
        } else {
            return;
        }
        // Wait for the broker: a reply lost here would leave the coordinator waiting to its deadline.
        kafka.send(Topics.REPLIES, reply.txId(), MessageCodec.encode(reply)).get(10, TimeUnit.SECONDS);
    }
}
