package io.dsv.shard.config;

import io.dsv.core.protocol.MessageCodec;
import io.dsv.core.protocol.Topics;
import io.dsv.core.seal.SealException;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration(proxyBeanMethods = false)
public class ShardKafkaConfig {

    @Bean
    NewTopic shardCommandTopic(ShardProperties shard) {
        return TopicBuilder.name(Topics.shard(shard.nodeId())).partitions(1).build();
    }

    @Bean
    NewTopic repliesTopic() {
        return TopicBuilder.name(Topics.REPLIES).partitions(4).build();
    }

    /**
     * A share must never be skipped because Cassandra blinked: retry without limit, backing off.
     * Only a record that can never succeed (malformed, or a seal that does not open) is skipped.
     */
    @Bean
    CommonErrorHandler shardErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(5_000);
        DefaultErrorHandler handler = new DefaultErrorHandler(backOff);
        handler.addNotRetryableExceptions(MessageCodec.MalformedMessageException.class, SealException.class);
        return handler;
    }
}
