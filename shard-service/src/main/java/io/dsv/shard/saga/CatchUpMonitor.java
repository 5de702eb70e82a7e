package io.dsv.shard.saga;

import io.dsv.core.protocol.Topics;
import io.dsv.shard.config.ShardProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Hinted handoff's visible end: how many commands wait on this node's topic that it has not applied
 * (its consumer lag). A node that was down reports itself caught up when that reaches zero — as the
 * {@code dsv.shard.command.lag} gauge and the {@code catchUp} health detail.
 */
@Component("catchUp")
public class CatchUpMonitor implements HealthIndicator, DisposableBean {

    private final TopicPartition partition;
    private final String group;
    private final Admin admin;
    private final AtomicLong lag = new AtomicLong(-1);

    public CatchUpMonitor(ShardProperties shard, KafkaAdmin kafkaAdmin, MeterRegistry meters) {
        this.partition = new TopicPartition(Topics.shard(shard.nodeId()), 0);
        this.group = "shard-" + shard.nodeId();
        this.admin = Admin.create(kafkaAdmin.getConfigurationProperties());
        Gauge.builder("dsv.shard.command.lag", lag, AtomicLong::get)
                .description("commands on this node's topic not yet applied (-1 until known)").register(meters);
    }

    @Scheduled(fixedDelayString = "${dsv.shard.catch-up-check-interval:1s}")
    public void measure() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            ListOffsetsResult.ListOffsetsResultInfo end = admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
                    .partitionResult(partition).get(5, TimeUnit.SECONDS);
            OffsetAndMetadata position = committed.get(partition);
            lag.set(Math.max(0, end.offset() - (position == null ? 0 : position.offset())));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            lag.set(-1);                                        // unknown: the broker did not answer
        }
    }

    public long lag() {
        return lag.get();
    }

    @Override
    public Health health() {
        long current = lag.get();
        return Health.up().withDetail("commandLag", current).withDetail("caughtUp", current == 0).build();
    }

    @Override
    public void destroy() {
        admin.close();
    }
}
