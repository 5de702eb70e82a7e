package io.dsv.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the local cluster needs to know: where its data lives, its ports, how many nodes of
 * each kind, and the sharing parameters (n shares, any k rebuild, W acks make a write).
 */
public record ClusterSettings(Path dataDir, int kafkaPort, int kafkaControllerPort, int cassandraPort,
                              int cassandraStoragePort, int metadataPort, int repairPort, int firstShardPort,
                              int firstGatewayPort, int shards, int gateways, int n, int k, int w,
                              Duration writeTimeout, Duration readTimeout) {

    public ClusterSettings {
        if (shards < n) {
            throw new IllegalArgumentException("need at least n=" + n + " shard nodes, got " + shards);
        }
        if (gateways < 1) {
            throw new IllegalArgumentException("need at least one gateway");
        }
    }

    /** The fixed ports the README documents: gateway 8080, metadata 8070, repair 8060, shards 8091.. */
    public static ClusterSettings defaults(Path dataDir) {
        return new ClusterSettings(dataDir, 9092, 9093, 9042, 7000, 8070, 8060, 8091, 8080, 5, 1, 5, 3, 4,
                Duration.ofSeconds(5), Duration.ofSeconds(2));
    }

    /** Free loopback ports everywhere, for tests that must not collide with a running cluster. */
    public static ClusterSettings onFreePorts(Path dataDir, int gateways) {
        return new ClusterSettings(dataDir, freePort(), freePort(), freePort(), freePort(), freePort(), freePort(),
                freePortRange(5), freePortRange(gateways), 5, gateways, 5, 3, 4, Duration.ofSeconds(8), Duration.ofSeconds(2));
    }

    public ClusterSettings withGateways(int count) {
        return new ClusterSettings(dataDir, kafkaPort, kafkaControllerPort, cassandraPort, cassandraStoragePort,
                metadataPort, repairPort, firstShardPort, firstGatewayPort, shards, count, n, k, w, writeTimeout, readTimeout);
    }

    public String shardId(int index) {
        return "shard-" + (index + 1);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first of {@code count} consecutive free ports (probed, then checked one by one). */
    private static int freePortRange(int count) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int first = freePort();
            if (first + count > 65_000) {
                continue;
            }
            boolean allFree = true;
            for (int p = first; p < first + count && allFree; p++) {
                try (ServerSocket socket = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                    allFree = true;
                } catch (IOException e) {
                    allFree = false;
                }
            }
            if (allFree) {
                return first;
            }
        }
        throw new IllegalStateException("no range of " + count + " free ports");
    }
}
