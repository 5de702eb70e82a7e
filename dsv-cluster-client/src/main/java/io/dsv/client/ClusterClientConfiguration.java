package io.dsv.client;

import io.dsv.client.security.InternalSecurityConfiguration;
import io.dsv.core.protocol.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.TopicBuilder;

/** Imported by the services that read and write shares: the gateway and repair-service. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClusterProperties.class)
@Import({ShardDirectory.class, MetadataClient.class, ShareFetcher.class, ShareGatherer.class, ReplyRouter.class,
        MembershipFollower.class, InternalSecurityConfiguration.class})
public class ClusterClientConfiguration {

    /** One partition, compacted: the newest membership is all that matters. */
    @Bean
    NewTopic membershipTopic() {
        return TopicBuilder.name(Topics.MEMBERSHIP).partitions(1).compact().build();
    }
}
