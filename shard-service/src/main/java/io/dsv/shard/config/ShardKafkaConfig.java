package io.dsv.shard.config;

import io.dsv.client.ops.KafkaTopicsConfiguration;
import io.dsv.core.seal.SealException;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;

@Configuration(proxyBeanMethods = false)
public class ShardKafkaConfig {

    @Bean
    NewTopic shardCommandTopic(ShardProperties shard) {
        return KafkaTopicsConfiguration.shardTopic(shard.nodeId());
    }

    /** A share is never skipped because Cassandra blinked; one whose seal does not open never will. */
    @Bean
    CommonErrorHandler shardErrorHandler() {
        return KafkaTopicsConfiguration.retryingForever(SealException.class);
    }
}
