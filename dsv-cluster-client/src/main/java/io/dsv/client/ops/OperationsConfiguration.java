package io.dsv.client.ops;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * What every service adds for operations: a Kafka health indicator (part of readiness), the shared
 * topics, and optionally spans written to the log.
 */
@Configuration(proxyBeanMethods = false)
@org.springframework.context.annotation.Import(KafkaTopicsConfiguration.class)
public class OperationsConfiguration {

    @Bean("kafka")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
        return new KafkaHealthIndicator(kafkaAdmin);
    }

    @Bean
    @ConditionalOnProperty(name = "dsv.tracing.log-spans", havingValue = "true")
    SpanLogExporter spanLogExporter(@Value("${spring.application.name}") String service) {
        return new SpanLogExporter(service);
    }
}
