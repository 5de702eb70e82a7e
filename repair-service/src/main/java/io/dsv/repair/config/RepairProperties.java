package io.dsv.repair.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param ackTimeout           how long a repair waits for the node to confirm the rebuilt share
 * @param cooldown             a version's repair is not retried sooner than this (reads may ask often)
 * @param backlogRetries       how often a rebuild put off for a holder's backlog is tried again
 * @param backlogRetryDelay    how long before it is
 * @param antiEntropyInterval  time between sweeps (also on demand: the operator's anti-entropy call)
 * @param antiEntropyBuckets   key ranges per node whose digests a sweep compares
 * @param rebalanceRate        shares moved per second at most when the ring changes
 */
@ConfigurationProperties("dsv.repair")
public record RepairProperties(Duration ackTimeout, Duration cooldown, int backlogRetries, Duration backlogRetryDelay,
                               Duration antiEntropyInterval, int antiEntropyBuckets, int rebalanceRate) {
}
