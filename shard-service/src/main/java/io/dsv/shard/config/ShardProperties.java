package io.dsv.shard.config;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * This node's identity: a stable id, its capacity weight on the ring, and where its key pair lives.
 * The Cassandra keyspace is derived from the id, one keyspace per node.
 */
@ConfigurationProperties("dsv.shard")
public record ShardProperties(String nodeId, int weight, Path dataDir) {

    private static final Pattern NODE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    public ShardProperties {
        if (nodeId == null || !NODE_ID.matcher(nodeId).matches()) {
            throw new IllegalArgumentException("dsv.shard.node-id must be 1-32 of [a-z0-9-], starting with a letter or digit");
        }
        if (weight < 1) {
            throw new IllegalArgumentException("dsv.shard.weight must be at least 1");
        }
        if (dataDir == null) {
            throw new IllegalArgumentException("dsv.shard.data-dir must be set");
        }
    }

    public String keyspace() {
        return "dsv_shard_" + nodeId.replace('-', '_');
    }
}
