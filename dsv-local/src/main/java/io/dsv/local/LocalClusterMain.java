package io.dsv.local;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dsv-local}: starts the local cluster and keeps it up until Ctrl-C or SIGTERM. */
@Command(name = "dsv-local", mixinStandardHelpOptions = true,
        description = "Runs DSV on loopback: a real Kafka broker, a real Cassandra node and every service.")
public final class LocalClusterMain implements Callable<Integer> {

    @Option(names = "--data-dir", description = "Where Kafka, Cassandra and the shard keys keep their data (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of(".dsv");

    @Option(names = "--gateways", description = "How many gateways, on consecutive ports from 8080 (default: ${DEFAULT-VALUE}).")
    int gateways = 1;

    @Option(names = "--metadata", description = "How many metadata instances, on consecutive ports from 8070; they split"
            + " dsv.tx's partitions between them (default: ${DEFAULT-VALUE}).")
    int metadata = 1;

    @Option(names = "--processes", description = "Run Kafka and every service as a JVM of its own (each line names its"
            + " pid), so that one can be killed, paused or restarted like a machine. Default: one JVM for all.")
    boolean processes;

    @Option(names = "--tls", description = "Serve the gateways over HTTPS with a certificate from a CA the cluster makes"
            + " (trust <data-dir>/tls/ca.crt).")
    boolean tls;

    @Option(names = "--rate-limit", description = "Requests per second per token and gateway (default: ${DEFAULT-VALUE}).")
    int rateLimit = 200;

    @Option(names = "--log-spans", description = "Write every traced span to the log (requests that send a sampled"
            + " traceparent, and 10% of the rest).")
    boolean logSpans;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LocalClusterMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        ClusterSettings settings = ClusterSettings.defaults(dataDir.toAbsolutePath()).withGateways(gateways)
                .withMetadataInstances(metadata);
        LocalCluster cluster = new LocalCluster(settings, System.out,
                processes ? LocalCluster.Mode.PROCESSES : LocalCluster.Mode.ONE_JVM)
                .withGatewayArgs("--resilience4j.ratelimiter.configs.per-token.limit-for-period=" + rateLimit);
        if (logSpans) {
            cluster.withServiceArgs("--dsv.tracing.log-spans=true");
        }
        if (tls) {
            LocalCa ca = LocalCa.loadOrCreate(settings.dataDir());
            cluster.withTls(ca);
            System.out.println("[dsv-local] TLS on: clients trust " + ca.caCertificate());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cluster.close();
            stopped.countDown();
        }, "dsv-local-shutdown"));
        try {
            cluster.start();
        } catch (RuntimeException e) {
            System.err.println("[dsv-local] failed to start: " + e.getMessage());
            return 1;                                            // the shutdown hook stops what did start
        }
        System.out.println("[dsv-local] press Ctrl-C to stop");
        stopped.await();
        return 0;
    }
}
