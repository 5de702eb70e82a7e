package io.dsv.gateway.saga;

import io.dsv.core.protocol.Message;
import io.dsv.core.protocol.MessageCodec;
import io.dsv.gateway.config.GatewayProperties;
import java.util.List;
import java.util.Map;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;

/**
 * Publishes several records as one Kafka transaction: a read_committed consumer sees all of them or
 * none. Used for a batch's intents and for its commits; a single-key write needs none (design §4).
 * Its own producer, so that the ordinary template stays non-transactional.
 */
@Component
public class TransactionalPublisher implements DisposableBean {

    private final DefaultKafkaProducerFactory<String, byte[]> factory;
    private final KafkaTemplate<String, byte[]> template;

    public TransactionalPublisher(ProducerFactory<String, byte[]> producers, GatewayProperties properties,
                                  ObjectProvider<ObservationRegistry> observations) {
        this.factory = new DefaultKafkaProducerFactory<>(Map.copyOf(producers.getConfigurationProperties()));
        this.factory.setTransactionIdPrefix("dsv-" + properties.instanceId() + "-");
        this.template = new KafkaTemplate<>(factory);
        // like the auto-configured template: batch records carry the request's trace context too
        this.template.setObservationEnabled(true);
        this.template.setObservationRegistry(observations.getIfUnique(() -> ObservationRegistry.NOOP));
    }

    /** topic/key/message triples, all or nothing; throws when the transaction could not commit. */
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
    public void destroy() {
        factory.destroy();
    }
}
