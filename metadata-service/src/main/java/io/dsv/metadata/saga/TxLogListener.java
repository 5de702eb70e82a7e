package io.dsv.metadata.saga;

import io.dsv.core.protocol.Message;
import io.dsv.core.protocol.MessageCodec;
import io.dsv.core.protocol.Topics;
import io.dsv.core.protocol.TxDecision;
import io.dsv.core.protocol.TxIntent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
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

    /** Several consumers, each owning some of dsv.tx's partitions: writes to different keys go on at once. */
    @KafkaListener(id = "metadata-tx", topics = Topics.TX, groupId = "dsv-metadata",
            concurrency = "${dsv.metadata.tx-consumers:4}")
    public void onRecord(byte[] payload) throws InterruptedException, ExecutionException, TimeoutException {
        Message message = MessageCodec.decode(payload);
        if (message instanceof TxIntent intent) {
            reply(ledger.onIntent(intent));
        } else if (message instanceof TxDecision decision) {
            reply(ledger.onDecision(decision));
        }
    }

    /** A key whose holder's lease ran out must not keep its waiting writers waiting. */
    @Scheduled(fixedDelayString = "${dsv.metadata.lease-check-interval:1s}")
    public void expireLeases() throws InterruptedException, ExecutionException, TimeoutException {
        reply(ledger.expireLeases());
    }

    /** Waits for the broker: a reply lost here would leave a coordinator waiting to its deadline. */
    private void reply(List<Message> replies) throws InterruptedException, ExecutionException, TimeoutException {
        List<CompletableFuture<?>> sends = replies.stream()
                .<CompletableFuture<?>>map(r -> kafka.send(Topics.REPLIES, r.txId(), MessageCodec.encode(r)))
                .toList();
        for (CompletableFuture<?> send : sends) {
            send.get(10, TimeUnit.SECONDS);
        }
    }
}
