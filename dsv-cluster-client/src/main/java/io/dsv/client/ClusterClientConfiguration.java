package io.dsv.client;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Imported by the services that read shares: the gateway and repair-service. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClusterProperties.class)
@Import({ShardDirectory.class, MetadataClient.class, ShareFetcher.class, ShareGatherer.class, ReplyRouter.class})
public class ClusterClientConfiguration {
}
