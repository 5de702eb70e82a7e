package io.dsv.client.kafka;

import io.dsv.core.protocol.Message;
import io.dsv.core.protocol.MessageCodec;
import io.micrometer.observation.ObservationRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/**
 * Publishes several records as one Kafka transaction: a read_committed consumer sees all of them or
 * none. A gateway puts a batch's intents in one; metadata a batch's decisions. Its own producer, so the
 * ordinary template stays non-transactional (a single record needs no transaction: design §4). The
 * transactional id is stable per instance, so a restarted instance fences its predecessor and aborts
 * what that one left open, instead of blocking read_committed readers until the transaction times out.
 */
public final class TransactionalPublisher implements AutoCloseable {

    private final DefaultKafkaProducerFactory<String, byte[]> factory;
    private final KafkaTemplate<String, byte[]> template;

    public TransactionalPublisher(ProducerFactory<String, byte[]> producers, String transactionalIdPrefix,
                                  ObservationRegistry observations) {
        Map<String, Object> config = new HashMap<>(producers.getConfigurationProperties());
        config.putIfAbsent("transaction.timeout.ms", 10_000);
        this.factory = new DefaultKafkaProducerFactory<>(config);
        this.factory.setTransactionIdPrefix(transactionalIdPrefix);
        this.template = new KafkaTemplate<>(factory);
        // like the auto-configured template: batch records carry the request's trace context too
        this.template.setObservationEnabled(true);
        this.template.setObservationRegistry(observations);
    }

    /** All or nothing; throws when the transaction could not commit. */
    public void publishAll(String topic, List<Keyed> records) {
        template.executeInTransaction(operations -> {
            for (Keyed record : records) {
                operations.send(topic, record.key(), MessageCodec.encode(record.message()));
            }
            return null;
        });
    }

    public record Keyed(String key, Message message) {
    }

    @Override
    public void close() {
        factory.destroy();
    }
}
