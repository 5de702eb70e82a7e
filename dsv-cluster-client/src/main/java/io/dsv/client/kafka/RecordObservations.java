package io.dsv.client.kafka;

import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/**
 * A consumer span for one record, continuing the trace in its headers: for the consumers that Spring
 * Kafka does not observe (batch listeners, and metadata's own consumer loop).
 */
public final class RecordObservations {

    private RecordObservations() {
    }

    public static <T> T observe(ConsumerRecord<String, byte[]> record, String name, ObservationRegistry observations,
                                java.util.function.Supplier<T> action) {
        return KafkaListenerObservation.LISTENER_OBSERVATION.observation(null,
                KafkaListenerObservation.DefaultKafkaListenerObservationConvention.INSTANCE,
                () -> new KafkaRecordReceiverContext(record, name, name, name, () -> null), observations)
                .observe(action);
    }
}
