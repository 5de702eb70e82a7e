package io.dsv.gateway.config;

import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What is the gateway's own: its instance id (a coordinator's name in the log), the write deadline
 * (metadata aborts a write not decided by then), how long past it the gateway still waits for the
 * outcome, the largest value it accepts, and how large a {@code .env} file may be (lines, and
 * {@code secret()} references, each of which is a read), and the time a batch's deadline grows by per key
 * past the first (a .env file's hundreds of keys take longer than one). The cluster's shape is {@code dsv.cluster}
 * ({@link io.dsv.client.ClusterProperties}).
 */
@ConfigurationProperties("dsv.gateway")
public record GatewayProperties(String instanceId, Duration writeTimeout, Duration applyTimeout, int maxValueBytes,
                                int envMaxLines, int envMaxReferences, Duration batchTimePerKey) {

    public static final int DEFAULT_ENV_MAX_LINES = 10_000;
    public static final int DEFAULT_ENV_MAX_REFERENCES = 100;
    public static final Duration DEFAULT_BATCH_TIME_PER_KEY = Duration.ofMillis(25);

    public GatewayProperties {
        if (instanceId == null || instanceId.isBlank()) {
            instanceId = "gateway-" + UUID.randomUUID();
        }
        if (maxValueBytes < 1) {
            throw new IllegalArgumentException("dsv.gateway.max-value-bytes must be positive");
        }
        envMaxLines = envMaxLines < 1 ? DEFAULT_ENV_MAX_LINES : envMaxLines;
        envMaxReferences = envMaxReferences < 1 ? DEFAULT_ENV_MAX_REFERENCES : envMaxReferences;
        batchTimePerKey = batchTimePerKey == null ? DEFAULT_BATCH_TIME_PER_KEY : batchTimePerKey;
    }

    /** A write's deadline from now: the write timeout, plus the per-key time for each key of a batch past the first. */
    public long deadlineMillis(long now, int keys) {
        return now + writeTimeout.toMillis() + batchTimePerKey.toMillis() * Math.max(0, keys - 1);
    }
}
