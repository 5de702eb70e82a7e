package io.dsv.gateway.config;

import io.dsv.core.protocol.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The topics a gateway writes to and reads from; whichever service starts first creates them. */
@Configuration(proxyBeanMethods = false)
public class GatewayKafkaConfig {

    @Bean
    NewTopic txTopic() {
        return TopicBuilder.name(Topics.TX).partitions(8).build();
    }

    @Bean
    NewTopic repliesTopic() {
        return TopicBuilder.name(Topics.REPLIES).partitions(4).build();
    }
}
