package io.dsv.metadata.config;

import io.dsv.client.ops.KafkaTopicsConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;

@Configuration(proxyBeanMethods = false)
public class MetadataKafkaConfig {

    /** A saga record is never skipped because Cassandra blinked. */
    @Bean
    CommonErrorHandler metadataErrorHandler() {
        return KafkaTopicsConfiguration.retryingForever();
    }
}
