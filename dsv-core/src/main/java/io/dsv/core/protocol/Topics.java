package io.dsv.core.protocol;

/** Kafka topic names, in one place. */
public final class Topics {

    /** Intents and decisions, keyed by namespace/name: each key's records in one partition, in log order. */
    public static final String TX = "dsv.tx";
    /**
     * Shard nodes' acks and batch members' {@link Prepared} notices, keyed by namespace/name and
     * co-partitioned with {@link #TX} (same key, same partition count): they reach the same owner.
     */
    public static final String ACKS = "dsv.tx.acks";
    /** Partitions of {@link #TX} and {@link #ACKS}; equal, so that a key lands in the same one of each. */
    public static final int TX_PARTITIONS = 8;
    public static final String REPLIES = "dsv.replies";
    public static final String REPAIR = "dsv.repair";
    public static final String AUDIT = "dsv.audit";
    public static final String MEMBERSHIP = "dsv.membership";
    private static final String SHARD_PREFIX = "dsv.shard.";

    private Topics() {
    }

    public static String shard(String nodeId) {
        return SHARD_PREFIX + nodeId;
    }
}
