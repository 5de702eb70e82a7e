package io.dsv.metadata.saga;

import io.dsv.client.kafka.WaveListener;
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
import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
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
public class TxLogListener implements org.springframework.beans.factory.DisposableBean {

    private final TransactionLedger ledger;
    private final KafkaTemplate<String, byte[]> kafka;
    private final WaveListener waves;

    public TxLogListener(TransactionLedger ledger, KafkaTemplate<String, byte[]> kafka,
                         ObjectProvider<ObservationRegistry> observations,
                         @Value("${dsv.metadata.tx-parallelism:8}") int parallelism) {
        this.ledger = ledger;
        this.kafka = kafka;
        this.waves = new WaveListener("metadata-tx", parallelism, observations.getIfUnique(() -> ObservationRegistry.NOOP));
    }

    /**
     * Several consumers, each owning some of dsv.tx's partitions, and each applying a polled batch in
     * waves of distinct keys: writes to different keys go on at once, each key's in log order.
     */
    @KafkaListener(id = "metadata-tx", topics = Topics.TX, groupId = "dsv-metadata",
            concurrency = "${dsv.metadata.tx-consumers:4}", batch = "true")
    public void onRecords(List<ConsumerRecord<String, byte[]>> records) {
        waves.apply(records, this::onRecord);
    }

    void onRecord(byte[] payload) {
        Message message = MessageCodec.decode(payload);
        try {
            if (message instanceof TxIntent intent) {
                reply(ledger.onIntent(intent));
            } else if (message instanceof TxDecision decision) {
                reply(ledger.onDecision(decision));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replying to " + message.txId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the reply to " + message.txId() + " was not acknowledged", e);
        }
    }

    @Override
    public void destroy() {
        waves.close();
    }

    /** A key whose holder's lease ran out must not keep its waiting writers waiting. */
    @Scheduled(fixedDelayString = "${dsv.metadata.lease-check-interval:1s}")
    public void expireLeases() throws InterruptedException, ExecutionException, TimeoutException {
        reply(ledger.expireLeases());
    }

    /**
     * Waits for the broker before the offset is committed: a reply or shard command lost here would
     * leave a coordinator waiting, or a deleted secret's shares in place; redelivery resends them.
     */
    private void reply(List<Outbound> replies) throws InterruptedException, ExecutionException, TimeoutException {
        List<CompletableFuture<?>> sends = replies.stream()
                .<CompletableFuture<?>>map(r -> kafka.send(r.topic(), r.key(), MessageCodec.encode(r.message())))
                .toList();
        for (CompletableFuture<?> send : sends) {
            send.get(10, TimeUnit.SECONDS);
        }
    }
}
