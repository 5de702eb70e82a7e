package io.dsv.local;

import com.datastax.oss.driver.api.core.CqlSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real cluster (Kafka, Cassandra, two metadata instances, repair, five shard nodes, two gateways) for every
 * test class in this module: started by the first class that asks, closed when all tests are done.
 */
public final class SharedCluster implements BeforeAllCallback {

    private static volatile Running running;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(Running.class, key -> start(), Running.class);
    }

    public static LocalCluster cluster() {
        return running.cluster;
    }

    public static CqlSession cql() {
        return running.cql;
    }

    private static Running start() {
        try {
            Path dir = Files.createTempDirectory("dsv-e2e-");
            LocalCluster cluster = new LocalCluster(ClusterSettings.onFreePorts(dir, 2, 2), System.out)
                    .withGatewayArgs("--resilience4j.ratelimiter.configs.per-token.limit-for-period=150")
                    .withServiceArgs("--dsv.tracing.log-spans=true");
            try {
                cluster.start();
            } catch (RuntimeException e) {
                cluster.close();
                deleteTree(dir);
                throw e;
            }
            CqlSession cql = cluster.cassandraRoles().adminSession();      // the tests look past every role
            Http.token = cluster.rootToken();
            running = new Running(cluster, cql, dir);
            return running;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Closed by JUnit at the very end: stops every process and removes the data. */
    record Running(LocalCluster cluster, CqlSession cql, Path dir) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            try {
                cql.close();
            } finally {
                cluster.close();
                deleteTree(dir);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
