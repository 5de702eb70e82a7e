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

    /** Under dsv-local --processes: exit with the launcher (see {@link ParentWatch}). */
    @Bean
    @ConditionalOnProperty(name = "dsv.parent-pid")
    Object parentWatch(@Value("${dsv.parent-pid}") String parentPid) {
        return ParentWatch.watch(parentPid);
    }

    @Bean("kafka")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
        return new KafkaHealthIndicator(kafkaAdmin);
    }

    /**
     * {@code dsv.metrics.logback=false}: no log-event counters. Each context's binder adds a filter that
     * every logging call in the JVM passes through; dsv-local runs eight contexts in one JVM.
     */
    @Bean
    @ConditionalOnProperty(name = "dsv.metrics.logback", havingValue = "false")
    io.micrometer.core.instrument.binder.logging.LogbackMetrics noLogbackMetrics() {
        return new io.micrometer.core.instrument.binder.logging.LogbackMetrics() {
            @Override
            public void bindTo(io.micrometer.core.instrument.MeterRegistry registry) {
                // deliberately nothing: see above
            }
        };
    }

    @Bean
    @ConditionalOnProperty(name = "dsv.tracing.log-spans", havingValue = "true")
    SpanLogExporter spanLogExporter(@Value("${spring.application.name}") String service) {
        return new SpanLogExporter(service);
    }
}
