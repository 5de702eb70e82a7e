package io.dsv.gateway.saga;

import io.dsv.client.kafka.TransactionalPublisher;
import io.dsv.gateway.config.GatewayProperties;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ProducerFactory;

@Configuration(proxyBeanMethods = false)
class SagaConfiguration {

    /** A batch's intents go in one Kafka transaction, under an id stable for this gateway instance. */
    @Bean(destroyMethod = "close")
    TransactionalPublisher intentTransactions(ProducerFactory<String, byte[]> producers, GatewayProperties properties,
                                              ObjectProvider<ObservationRegistry> observations) {
        return new TransactionalPublisher(producers, "dsv.intents." + properties.instanceId() + "-",
                observations.getIfUnique(() -> ObservationRegistry.NOOP));
    }
}
