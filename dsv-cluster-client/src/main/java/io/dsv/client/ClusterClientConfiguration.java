package io.dsv.client;

import io.dsv.client.security.InternalSecurityConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Imported by the services that read and write shares: the gateway and repair-service. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClusterProperties.class)
@Import({io.dsv.client.discovery.ServiceLocator.class, ShardDirectory.class, MetadataClient.class, ShareFetcher.class, ShareGatherer.class, ReplyRouter.class,
        MembershipFollower.class, InternalSecurityConfiguration.class})
public class ClusterClientConfiguration {
}
