package io.dsv.gateway.config;

import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What is the gateway's own: its instance id (a coordinator's name in the log), the write deadline
 * (metadata aborts a write not decided by then), how long past it the gateway still waits for the
 * outcome, and the largest value it accepts. The cluster's shape is {@code dsv.cluster}
 * ({@link io.dsv.client.ClusterProperties}).
 */
@ConfigurationProperties("dsv.gateway")
public record GatewayProperties(String instanceId, Duration writeTimeout, Duration applyTimeout, int maxValueBytes) {

    public GatewayProperties {
        if (instanceId == null || instanceId.isBlank()) {
            instanceId = "gateway-" + UUID.randomUUID();
        }
        if (maxValueBytes < 1) {
            throw new IllegalArgumentException("dsv.gateway.max-value-bytes must be positive");
        }
    }
}
