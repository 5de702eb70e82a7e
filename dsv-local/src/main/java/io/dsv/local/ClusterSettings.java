package io.dsv.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the local cluster needs to know: where its data lives, its ports, how many nodes of
 * each kind, and the sharing parameters (n shares, any k rebuild, W acks make a write).
 */
public record ClusterSettings(Path dataDir, int kafkaPort, int kafkaControllerPort, int cassandraPort,
                              int cassandraStoragePort, int firstMetadataPort, int repairPort, int firstShardPort,
                              int firstGatewayPort, int metadataInstances, int shards, int gateways, int n, int k, int w,
                              Duration writeTimeout, Duration readTimeout, int rpcOffset) {

    /** Shard ports kept free past the five nodes, so tests can add nodes. */
    private static final int SHARD_PORTS = 7;
    private static final int MAX_METADATA = 9;

    public ClusterSettings {
        if (shards < n) {
            throw new IllegalArgumentException("need at least n=" + n + " shard nodes, got " + shards);
        }
        if (gateways < 1) {
            throw new IllegalArgumentException("need at least one gateway");
        }
        if (metadataInstances < 1 || metadataInstances > MAX_METADATA) {
            throw new IllegalArgumentException("need 1 to " + MAX_METADATA + " metadata instances, got " + metadataInstances);
        }
    }

    /**
     * The fixed ports the README documents: gateway 8080, metadata 8070 (8071, ...), repair 8060, shards
     * 8091..; each service's internal plane 10000 above its HTTP port (metadata 18070, shards 18091, ...).
     */
    public static ClusterSettings defaults(Path dataDir) {
        return new ClusterSettings(dataDir, 9092, 9093, 9042, 7000, 8070, 8060, 8091, 8080, 1, 5, 1, 5, 3, 4,
                Duration.ofSeconds(5), Duration.ofSeconds(2), 10_000);
    }

    /**
     * One block of free loopback ports for everything, below the kernel's ephemeral range (where
     * outgoing connections take their ports), so nothing else grabs one between the probe and the
     * bind. Seven shard ports and one spare gateway port are kept, so tests can add nodes.
     */
    public static ClusterSettings onFreePorts(Path dataDir, int gateways, int metadataInstances) {
        int size = 5 + SHARD_PORTS + metadataInstances + gateways + 1;
        int base = freeBlock(2 * size);                              // the second half: the internal plane's ports
        int shardsAt = base + 5;
        int metadataAt = shardsAt + SHARD_PORTS;
        return new ClusterSettings(dataDir, base, base + 1, base + 2, base + 3, metadataAt, base + 4, shardsAt,
                metadataAt + metadataInstances, metadataInstances, 5, gateways, 5, 3, 4, Duration.ofSeconds(8),
                Duration.ofSeconds(2), size);
    }

    public ClusterSettings withGateways(int count) {
        return new ClusterSettings(dataDir, kafkaPort, kafkaControllerPort, cassandraPort, cassandraStoragePort,
                firstMetadataPort, repairPort, firstShardPort, firstGatewayPort, metadataInstances, shards, count, n, k, w,
                writeTimeout, readTimeout, rpcOffset);
    }

    public ClusterSettings withMetadataInstances(int count) {
        return new ClusterSettings(dataDir, kafkaPort, kafkaControllerPort, cassandraPort, cassandraStoragePort,
                firstMetadataPort, repairPort, firstShardPort, firstGatewayPort, count, shards, gateways, n, k, w,
                writeTimeout, readTimeout, rpcOffset);
    }

    public String shardId(int index) {
        return "shard-" + (index + 1);
    }

    public String metadataId(int index) {
        return "metadata-" + (index + 1);
    }

    public String gatewayId(int index) {
        return "gateway-" + (index + 1);
    }

    /** Where a service whose HTTP port is {@code httpPort} serves the internal plane. */
    public int rpcPort(int httpPort) {
        return httpPort + rpcOffset;
    }

    /** A port one past the gateways: free for a test's extra gateway. */
    public int spareGatewayPort() {
        return firstGatewayPort + gateways;
    }

    private static int freeBlock(int size) {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = 20_000 + random.nextInt(12_000 - size);
            boolean allFree = true;
            for (int p = base; p < base + size && allFree; p++) {
                allFree = free(p);
            }
            if (allFree) {
                return base;
            }
        }
        throw new IllegalStateException("no block of " + size + " free ports between 20000 and 32000");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
