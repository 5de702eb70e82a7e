package io.dsv.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The gateway's view of the cluster: the sharing parameters (n shares, any k rebuild, W acks make a
 * write), its deadlines, the metadata service and the shard nodes.
 */
@ConfigurationProperties("dsv.gateway")
public record GatewayProperties(String instanceId, int n, int k, int w, Duration writeTimeout, Duration applyTimeout,
                                Duration readTimeout, Duration lease, int maxValueBytes, String metadataUrl,
                                List<ShardEndpoint> shards) {

    public GatewayProperties {
        if (instanceId == null || instanceId.isBlank()) {
            instanceId = "gateway-" + UUID.randomUUID();
        }
        if (k < 2 || k > n || n > 255) {
            throw new IllegalArgumentException("dsv.gateway needs 2 <= k <= n <= 255, got n=" + n + ", k=" + k);
        }
        if (w < k || w > n) {
            throw new IllegalArgumentException("dsv.gateway needs k <= w <= n, got w=" + w);
        }
        if (shards == null || shards.size() < n) {
            throw new IllegalArgumentException("dsv.gateway.shards lists " + (shards == null ? 0 : shards.size())
                    + " nodes, fewer than n=" + n);
        }
    }

    public record ShardEndpoint(String id, String url, int weight) {
    }
}
