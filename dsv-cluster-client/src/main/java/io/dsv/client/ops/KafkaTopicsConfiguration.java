package io.dsv.client.ops;

import io.dsv.core.protocol.MessageCodec;
import io.dsv.core.protocol.Topics;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The shared topics, declared once for every service (whichever starts first creates them), and the
 * error handler that services whose records must never be skipped use.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaTopicsConfiguration {

    /** Declared for Spring's KafkaAdmin, which creates what is missing when it may (without broker ACLs). */
    @Bean
    KafkaAdmin.NewTopics sharedTopics() {
        return new KafkaAdmin.NewTopics(topics().toArray(NewTopic[]::new));
    }

    /**
     * Every shared topic with its partitions: dsv.tx and dsv.tx.acks co-partitioned (the same count,
     * keyed the same way); membership one compacted partition (the newest is all that matters). A
     * launcher that creates topics as the broker's administrator creates these.
     */
    public static List<NewTopic> topics() {
        return List.of(TopicBuilder.name(Topics.TX).partitions(Topics.TX_PARTITIONS).build(),
                TopicBuilder.name(Topics.ACKS).partitions(Topics.TX_PARTITIONS).build(),
                TopicBuilder.name(Topics.REPLIES).partitions(4).build(),
                TopicBuilder.name(Topics.REPAIR).partitions(4).build(),
                TopicBuilder.name(Topics.AUDIT).partitions(4).build(),
                TopicBuilder.name(Topics.MEMBERSHIP).partitions(1).compact().build());
    }

    /** A shard node's command topic: one partition, so its commands apply in order. */
    public static NewTopic shardTopic(String nodeId) {
        return TopicBuilder.name(Topics.shard(nodeId)).partitions(1).build();
    }

    /**
     * Never skip a record because Cassandra blinked: retry without limit, backing off to 5 s. Only a
     * record that can never succeed (it does not decode, or one of {@code alsoNeverRetried}) is skipped.
     */
    @SafeVarargs
    public static DefaultErrorHandler retryingForever(Class<? extends Exception>... alsoNeverRetried) {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(5_000);
        DefaultErrorHandler handler = new DefaultErrorHandler(backOff);
        handler.addNotRetryableExceptions(MessageCodec.MalformedMessageException.class);
        handler.addNotRetryableExceptions(alsoNeverRetried);
        return handler;
    }
}
