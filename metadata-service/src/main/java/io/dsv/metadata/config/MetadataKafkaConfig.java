package io.dsv.metadata.config;

import io.dsv.core.protocol.MessageCodec;
import io.dsv.core.protocol.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration(proxyBeanMethods = false)
public class MetadataKafkaConfig {

    @Bean
    NewTopic txTopic() {
        return TopicBuilder.name(Topics.TX).partitions(8).build();
    }

    @Bean
    NewTopic repliesTopic() {
        return TopicBuilder.name(Topics.REPLIES).partitions(4).build();
    }

    /** Never skip a saga record because Cassandra blinked; skip only what can never decode. */
    @Bean
    CommonErrorHandler metadataErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(5_000);
        DefaultErrorHandler handler = new DefaultErrorHandler(backOff);
        handler.addNotRetryableExceptions(MessageCodec.MalformedMessageException.class);
        return handler;
    }
}
