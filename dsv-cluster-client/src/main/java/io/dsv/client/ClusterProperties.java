package io.dsv.client;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The cluster as a reader or writer of shares sees it: the sharing parameters (n shares, any k
 * rebuild, W acks make a write), how long a read waits, the metadata instances and the nodes.
 *
 * @param hedgeDelay           a read asks k holders, and one more if their shares are not all in after this
 * @param metadata             every metadata instance (id, internal-plane address); empty: discovery finds them
 * @param shards               the first ring; empty: discovery lists the shard nodes
 */
@ConfigurationProperties("dsv.cluster")
public record ClusterProperties(int n, int k, int w, Duration hedgeDelay, Duration readTimeout,
                                List<Endpoint> metadata, List<ShardEndpoint> shards) {

    public ClusterProperties {
        if (k < 2 || k > n || n > 255) {
            throw new IllegalArgumentException("dsv.cluster needs 2 <= k <= n <= 255, got n=" + n + ", k=" + k);
        }
        if (w < k || w > n) {
            throw new IllegalArgumentException("dsv.cluster needs k <= w <= n, got w=" + w);
        }
        metadata = metadata == null ? List.of() : List.copyOf(metadata);
        // no shards listed: discovery supplies them (see ShardDirectory)
        shards = shards == null ? List.of() : List.copyOf(shards);
        if (!shards.isEmpty() && shards.size() < n) {
            throw new IllegalArgumentException("dsv.cluster.shards lists " + shards.size() + " nodes, fewer than n=" + n);
        }
        if (readTimeout == null) {
            readTimeout = Duration.ofSeconds(2);
        }
        if (hedgeDelay == null) {
            hedgeDelay = Duration.ofMillis(50);
        }
        if (hedgeDelay.isNegative()) {
            throw new IllegalArgumentException("dsv.cluster.hedge-delay must not be negative");
        }
    }

    /** A service instance on the internal plane: its id (as its certificate names it) and host:port. */
    public record Endpoint(String id, String address) {
    }

    public record ShardEndpoint(String id, String address, int weight) {
    }
}
