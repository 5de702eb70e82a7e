package io.dsv.client;

import io.dsv.client.rpc.InternalPlane;
import io.dsv.client.rpc.InternalPlaneConfiguration;
import io.dsv.client.rpc.RpcProperties;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Imported by the services that read and write shares: the gateway and repair-service. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClusterProperties.class)
@Import({io.dsv.client.discovery.ServiceLocator.class, ShardDirectory.class, MetadataClient.class, ShareFetcher.class, ShareGatherer.class, ReplyRouter.class,
        MembershipFollower.class, InternalPlaneConfiguration.class})
public class ClusterClientConfiguration {

    @org.springframework.context.annotation.Bean
    InternalPlane internalPlane(RpcProperties properties, ObjectProvider<ObservationRegistry> observations) {
        return InternalPlaneConfiguration.client(properties, observations);
    }

    /** Signs what this instance publishes outside the plane and checks what others did (membership). */
    @org.springframework.context.annotation.Bean
    io.dsv.rpc.ClusterSignatures clusterSignatures(RpcProperties properties) {
        return io.dsv.rpc.ClusterSignatures.of(properties.credentials());
    }

    /** Part of readiness: a coordinator that cannot hear replies yet must not take writes. */
    @org.springframework.context.annotation.Bean("replies")
    org.springframework.boot.health.contributor.HealthIndicator repliesHealth(ReplyRouter replies) {
        return () -> replies.positioned()
                ? org.springframework.boot.health.contributor.Health.up().build()
                : org.springframework.boot.health.contributor.Health.down().withDetail("replies", "not positioned yet").build();
    }
}
