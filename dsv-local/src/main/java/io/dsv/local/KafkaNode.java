package io.dsv.local;

import io.dsv.core.security.OwnerOnlyFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one), in this JVM. Its log lives
 * in {@code dataDir} and survives restarts: the storage is formatted once. These are Kafka's internal
 * classes, so they stay behind this one small class.
 */
public final class KafkaNode implements Broker {

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final KafkaCredentials credentials;
    private KafkaRaftServer server;

    public KafkaNode(Path dataDir, int port, int controllerPort) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.credentials = new KafkaCredentials(dataDir);
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void start() {
        try {
            Path logDir = dataDir.resolve("log");
            Files.createDirectories(logDir);
            credentials.prepare(dataDir);
            Properties props = brokerProperties(logDir);
            Path config = dataDir.resolve("server.properties");
            StringWriter text = new StringWriter();
            props.store(text, "written by dsv-local; holds passwords, so owner-only");
            OwnerOnlyFile.write(config, text.toString());
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(config);
            }
            server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Kafka data directory " + dataDir, e);
        }
    }

    private void format(Path config) throws IOException {
        Path idFile = dataDir.resolve("cluster.id");
        if (!Files.exists(idFile)) {
            Files.writeString(idFile, Uuid.randomUuid().toString());
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status = StorageTool.execute(new String[] {"format", "-t", Files.readString(idFile).trim(),
                "-c", config.toString(), "--ignore-formatted", "--add-scram", KafkaCredentials.MECHANISM + "=[name="
                + KafkaCredentials.ADMIN + ",password=" + credentials.password(KafkaCredentials.ADMIN) + "]"}, new PrintStream(output, true, StandardCharsets.UTF_8));
        if (status != 0) {
            throw new IllegalStateException("formatting Kafka storage failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private Properties brokerProperties(Path logDir) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "CLIENTS://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "CLIENTS://127.0.0.1:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "CLIENTS");
        props.putAll(authentication());
        props.put("log.dirs", logDir.toString());
        props.put("num.partitions", "1");
        props.put("auto.create.topics.enable", "true");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // Measured on these machines (stack.md): these two remove the commit and transaction tails.
        props.put("group.coordinator.append.linger.ms", "0");
        props.put("add.partitions.to.txn.retry.backoff.ms", "1");
        return props;
    }

    /**
     * Every connection authenticates (design §6): clients and the broker itself with SCRAM on the client
     * listener, the broker to its controller with PLAIN (KRaft controllers cannot use SCRAM, whose
     * credentials live in the metadata they serve). The StandardAuthorizer denies what no ACL allows;
     * only the broker's own users are superusers.
     */
    private Properties authentication() {
        String admin = credentials.password(KafkaCredentials.ADMIN);
        String controller = credentials.password(KafkaCredentials.CONTROLLER);
        Properties props = new Properties();
        props.put("listener.security.protocol.map", "CLIENTS:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        props.put("sasl.mechanism.inter.broker.protocol", KafkaCredentials.MECHANISM);
        props.put("sasl.mechanism.controller.protocol", "PLAIN");
        props.put("listener.name.clients.sasl.enabled.mechanisms", KafkaCredentials.MECHANISM);
        props.put("listener.name.clients.scram-sha-256.sasl.jaas.config",
                KafkaCredentials.scramLogin(KafkaCredentials.ADMIN, admin));
        props.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        props.put("listener.name.controller.plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule"
                + " required username=\"" + KafkaCredentials.CONTROLLER + "\" password=\"" + controller + "\" user_"
                + KafkaCredentials.CONTROLLER + "=\"" + controller + "\";");
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("super.users", "User:" + KafkaCredentials.ADMIN + ";User:" + KafkaCredentials.CONTROLLER);
        props.put("allow.everyone.if.no.acl.found", "false");
        return props;
    }

    @Override
    public java.util.Map<String, Object> adminClientConfig() {
        return credentials.adminClientConfig(bootstrapServers());
    }

    @Override
    public void kill() {
        close();
    }

    @Override
    public long pid() {
        return -1;
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }
}
