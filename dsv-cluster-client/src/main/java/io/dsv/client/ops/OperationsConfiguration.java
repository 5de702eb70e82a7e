package io.dsv.client.ops;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** What every service adds for operations: a Kafka health indicator (part of readiness), the shared topics. */
@Configuration(proxyBeanMethods = false)
@org.springframework.context.annotation.Import(KafkaTopicsConfiguration.class)
public class OperationsConfiguration {

    @Bean("kafka")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
        return new KafkaHealthIndicator(kafkaAdmin);
    }
}
