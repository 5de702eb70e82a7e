package io.dsv.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** The broker as a JVM of its own, so that a fault test can kill -9 it and start it again on its data. */
final class KafkaProcess implements Broker {

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final ChildJvm jvm;
    private final KafkaCredentials credentials;
    private volatile Process process;

    KafkaProcess(Path dataDir, int port, int controllerPort, ChildJvm jvm) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.jvm = jvm;
        this.credentials = new KafkaCredentials(dataDir);
    }

    @Override
    public Map<String, Object> adminClientConfig() {
        return credentials.adminClientConfig(bootstrapServers());
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void start() {
        credentials.prepare(dataDir);
        process = jvm.start(KafkaNodeMain.class.getName(), List.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC"),
                List.of(dataDir.toString(), Integer.toString(port), Integer.toString(controllerPort)),
                dataDir.getParent().resolve("logs").resolve("kafka.log"));
        awaitReady(Duration.ofSeconds(120));
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> config = new java.util.HashMap<>(adminClientConfig());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000);
        try (Admin admin = Admin.create(config)) {
            while (true) {
                if (process == null || !process.isAlive()) {
                    throw new IllegalStateException("Kafka exited during startup; see " + dataDir.getParent().resolve("logs"));
                }
                try {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted", e);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka did not answer within " + timeout);
                }
            }
        }
    }

    @Override
    public void close() {
        Process p = process;
        process = null;
        ChildJvm.terminate(p, Duration.ofSeconds(30));
    }

    @Override
    public void kill() {
        Process p = process;
        process = null;
        ChildJvm.kill(p);
    }

    @Override
    public long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }
}
