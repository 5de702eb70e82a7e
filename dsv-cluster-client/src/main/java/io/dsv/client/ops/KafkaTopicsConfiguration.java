package io.dsv.client.ops;

import io.dsv.core.protocol.MessageCodec;
import io.dsv.core.protocol.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The shared topics, declared once for every service (whichever starts first creates them), and the
 * error handler that services whose records must never be skipped use.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaTopicsConfiguration {

    @Bean
    NewTopic txTopic() {
        return TopicBuilder.name(Topics.TX).partitions(Topics.TX_PARTITIONS).build();
    }

    /** Co-partitioned with dsv.tx: the same partition count, keyed the same way. */
    @Bean
    NewTopic acksTopic() {
        return TopicBuilder.name(Topics.ACKS).partitions(Topics.TX_PARTITIONS).build();
    }

    @Bean
    NewTopic repliesTopic() {
        return TopicBuilder.name(Topics.REPLIES).partitions(4).build();
    }

    @Bean
    NewTopic repairTopic() {
        return TopicBuilder.name(Topics.REPAIR).partitions(4).build();
    }

    @Bean
    NewTopic auditTopic() {
        return TopicBuilder.name(Topics.AUDIT).partitions(4).build();
    }

    /** One partition, compacted: the newest membership is all that matters. */
    @Bean
    NewTopic membershipTopic() {
        return TopicBuilder.name(Topics.MEMBERSHIP).partitions(1).compact().build();
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
