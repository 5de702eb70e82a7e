package io.dsv.core.protocol;

/** Kafka topic names, in one place. */
public final class Topics {

    public static final String TX = "dsv.tx";
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
