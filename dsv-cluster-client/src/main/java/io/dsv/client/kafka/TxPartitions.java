package io.dsv.client.kafka;

import io.dsv.core.protocol.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Which partition of {@code dsv.tx} (and of {@code dsv.tx.acks}) a key lands in: what Kafka's default
 * partitioner computes for a keyed record, so a gateway knows which metadata instance owns a key.
 */
public final class TxPartitions {

    private TxPartitions() {
    }

    public static int of(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % Topics.TX_PARTITIONS;
    }
}
