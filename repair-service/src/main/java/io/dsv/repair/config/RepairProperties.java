package io.dsv.repair.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param ackTimeout           how long a repair waits for the node to confirm the rebuilt share
 * @param cooldown             a version's repair is not retried sooner than this (reads may ask often)
 * @param janitorGrace         added to an intent's lease before the janitor aborts it
 * @param antiEntropyInterval  time between sweeps (also on demand: POST /actuator/antientropy)
 * @param antiEntropyBuckets   key ranges per node whose digests a sweep compares
 * @param rebalanceRate        shares moved per second at most when the ring changes
 */
@ConfigurationProperties("dsv.repair")
public record RepairProperties(Duration ackTimeout, Duration cooldown, Duration janitorGrace,
                               Duration antiEntropyInterval, int antiEntropyBuckets, int rebalanceRate) {
}
