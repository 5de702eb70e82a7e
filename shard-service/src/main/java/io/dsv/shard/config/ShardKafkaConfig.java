package io.dsv.shard.config;

import io.dsv.client.ops.KafkaTopicsConfiguration;
import io.dsv.core.protocol.Topics;
import io.dsv.core.seal.SealException;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.CommonErrorHandler;

@Configuration(proxyBeanMethods = false)
public class ShardKafkaConfig {

    @Bean
    NewTopic shardCommandTopic(ShardProperties shard) {
        return TopicBuilder.name(Topics.shard(shard.nodeId())).partitions(1).build();
    }

    /** A share is never skipped because Cassandra blinked; one whose seal does not open never will. */
    @Bean
    CommonErrorHandler shardErrorHandler() {
        return KafkaTopicsConfiguration.retryingForever(SealException.class);
    }
}
