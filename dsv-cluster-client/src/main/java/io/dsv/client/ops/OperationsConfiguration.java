package io.dsv.client.ops;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** What every service adds for operations: a Kafka health indicator (part of readiness). */
@Configuration(proxyBeanMethods = false)
public class OperationsConfiguration {

    @Bean("kafka")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
        return new KafkaHealthIndicator(kafkaAdmin);
    }
}
