package io.dsv.local;

import io.dsv.gateway.GatewayApplication;
import io.dsv.client.ReplyRouter;
import io.dsv.metadata.MetadataApplication;
import io.dsv.repair.RepairApplication;
import io.dsv.shard.ShardApplication;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole of DSV on loopback: a real Kafka broker in this JVM, a real Cassandra node as a child
 * JVM, and metadata, repair, the shard nodes and the gateways as Spring application contexts in
 * this JVM, each on its own port with its own configuration. Tests drive it through the same class.
 */
public final class LocalCluster implements AutoCloseable {

    static {
        // Spring Boot must not re-initialise logging per context: the launcher's logback.xml serves them all.
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        // Schema statements wait ~1 s each for agreement by default; one node agrees at once (stack.md).
        System.setProperty("datastax-java-driver.advanced.metadata.schema.debouncer.window", "10ms");
        // Every shard node has its own session (its own keyspace and, later, its own role): many by design.
        System.setProperty("datastax-java-driver.advanced.session-leak.threshold", "0");
    }

    private final ClusterSettings settings;
    private final PrintStream progress;
    private final KafkaNode kafka;
    private final CassandraNode cassandra;
    private ConfigurableApplicationContext metadata;
    private ConfigurableApplicationContext repair;
    private final Map<String, ConfigurableApplicationContext> shards = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<ConfigurableApplicationContext> gateways = Collections.synchronizedList(new ArrayList<>());
    private final List<String> extraGatewayArgs = new ArrayList<>();
    private final List<String> extraServiceArgs = new ArrayList<>();
    private String internalKey;
    private String gatewayScheme = "http";
    private String rootToken;

    public LocalCluster(ClusterSettings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
        this.kafka = new KafkaNode(settings.dataDir().resolve("kafka"), settings.kafkaPort(), settings.kafkaControllerPort());
        this.cassandra = new CassandraNode(settings.dataDir().resolve("cassandra"), settings.cassandraPort(),
                settings.cassandraStoragePort());
    }

    public ClusterSettings settings() {
        return settings;
    }

    /** Extra arguments for every gateway (for tests: a lower rate limit, another auth mode). */
    public LocalCluster withGatewayArgs(String... args) {
        extraGatewayArgs.addAll(List.of(args));
        return this;
    }

    /** Extra arguments for every service (for tests: spans written to the log). */
    public LocalCluster withServiceArgs(String... args) {
        extraServiceArgs.addAll(List.of(args));
        return this;
    }

    /** Gateways serve HTTPS from the local CA's certificate (clients trust {@link LocalCa#caCertificate()}). */
    public LocalCluster withTls(LocalCa ca) {
        extraGatewayArgs.addAll(ca.gatewayArgs());
        gatewayScheme = "https";
        return this;
    }

    public void start() {
        long t0 = System.nanoTime();
        internalKey = InternalKey.loadOrCreate(settings.dataDir());
        say("starting Cassandra (child JVM) on " + cassandra.contactPoint() + " ...");
        CompletableFuture<Void> cassandraUp = CompletableFuture.runAsync(() -> cassandra.start(Duration.ofSeconds(120)));
        say("starting Kafka (KRaft, in-process) on " + kafka.bootstrapServers() + " ...");
        kafka.start();
        say("Kafka is up");
        cassandraUp.join();
        say("Cassandra is up");

        List<CompletableFuture<?>> starting = new ArrayList<>();
        starting.add(CompletableFuture.runAsync(() -> metadata = run("metadata", MetadataApplication::builder,
                metadataArgs())));
        starting.add(CompletableFuture.runAsync(() -> repair = run("repair", RepairApplication::builder,
                repairArgs())));
        for (int i = 0; i < settings.shards(); i++) {
            int index = i;
            starting.add(CompletableFuture.runAsync(() -> startShard(index)));
        }
        CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
        rootToken = RootToken.createOnce(metadataUrl(), serviceTokens());
        if (rootToken != null) {
            say("root token (shown once, keep it; it grants everything): " + rootToken);
        }

        List<CompletableFuture<?>> gatewaysStarting = new ArrayList<>();
        for (int i = 0; i < settings.gateways(); i++) {
            int index = i;
            gatewaysStarting.add(CompletableFuture.runAsync(() -> startGateway(index)));
        }
        CompletableFuture.allOf(gatewaysStarting.toArray(CompletableFuture[]::new)).join();
        say("DSV is up in " + Duration.ofNanos(System.nanoTime() - t0).toSeconds() + " s");
        for (int i = 0; i < settings.gateways(); i++) {
            say("gateway: " + gatewayUrl(i));
        }
    }

    public String gatewayUrl(int index) {
        return gatewayScheme + "://127.0.0.1:" + (settings.firstGatewayPort() + index);
    }

    public String metadataUrl() {
        return "http://127.0.0.1:" + settings.metadataPort();
    }

    /** The root token, when this start created it (a cluster's first start); null afterwards. */
    public String rootToken() {
        return rootToken;
    }

    /** Signs internal requests, as the services do: for operators and tests. */
    public io.dsv.core.security.ServiceTokens serviceTokens() {
        return new io.dsv.core.security.ServiceTokens(java.util.Base64.getDecoder().decode(internalKey));
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String cassandraContactPoint() {
        return cassandra.contactPoint();
    }

    public java.nio.file.Path dataDir() {
        return settings.dataDir();
    }

    public void startShard(int index) {
        String nodeId = settings.shardId(index);
        shards.put(nodeId, run(nodeId, ShardApplication::builder, shardArgs(nodeId, settings.firstShardPort() + index)));
    }

    private List<String> shardArgs(String nodeId, int port) {
        List<String> args = commonArgs(port);
        args.add("--dsv.shard.node-id=" + nodeId);
        args.add("--dsv.shard.data-dir=" + settings.dataDir().resolve("shards").resolve(nodeId));
        args.add("--spring.cassandra.contact-points=" + cassandra.contactPoint());
        return args;
    }

    /** Stops one shard node as a crash would look to the others: its port closes, its consumer leaves. */
    public void stopShard(int index) {
        ConfigurableApplicationContext context = shards.remove(settings.shardId(index));
        if (context != null) {
            context.close();
        }
    }

    /** A gateway pointed at a dead Kafka port: its writes cannot be ordered. For the ordering-failure test. */
    public ConfigurableApplicationContext startGatewayWithoutKafka(int port, String... extraArgs) {
        List<String> args = gatewayArgs(port, "gateway-nokafka");
        args.addAll(List.of(extraArgs));
        args.removeIf(a -> a.startsWith("--spring.kafka.bootstrap-servers="));
        args.add("--spring.kafka.bootstrap-servers=127.0.0.1:1");
        args.add("--spring.kafka.admin.auto-create=false");
        return run("gateway-nokafka", GatewayApplication::builder, args);
    }

    /** One more gateway on {@code port} with extra arguments (such as {@code --dsv.auth.mode=none}). */
    public ConfigurableApplicationContext startExtraGateway(int port, String... extraArgs) {
        List<String> args = gatewayArgs(port, "gateway-extra-" + port);
        args.addAll(List.of(extraArgs));
        return run("gateway-extra", GatewayApplication::builder, args);
    }

    private void startGateway(int index) {
        String name = "gateway-" + (index + 1);
        ConfigurableApplicationContext context = run(name, GatewayApplication::builder,
                gatewayArgs(settings.firstGatewayPort() + index, name));
        try {
            if (!context.getBean(ReplyRouter.class).awaitReady(Duration.ofSeconds(60))) {
                throw new IllegalStateException(name + " could not read the reply topic");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        gateways.add(context);
    }

    private List<String> gatewayArgs(int port, String instanceId) {
        return gatewayArgs(port, instanceId, discoveryArgs());
    }

    /** A gateway's arguments, finding the others through {@code discovery} (simple discovery, or Consul). */
    private List<String> gatewayArgs(int port, String instanceId, List<String> discovery) {
        List<String> args = commonArgs(port);
        args.add("--dsv.gateway.instance-id=" + instanceId);
        args.add("--dsv.gateway.write-timeout=" + settings.writeTimeout().toMillis() + "ms");
        args.addAll(clusterShapeArgs());
        args.addAll(discovery);
        args.addAll(extraGatewayArgs);
        return args;
    }

    /** The cluster's shape, as every service that reads shares (gateways, repair) must see it. */
    private List<String> clusterArgs() {
        List<String> args = clusterShapeArgs();
        args.addAll(discoveryArgs());
        return args;
    }

    private List<String> clusterShapeArgs() {
        List<String> args = new ArrayList<>();
        args.add("--dsv.cluster.n=" + settings.n());
        args.add("--dsv.cluster.k=" + settings.k());
        args.add("--dsv.cluster.w=" + settings.w());
        args.add("--dsv.cluster.read-timeout=" + settings.readTimeout().toMillis() + "ms");
        return args;
    }

    /** Simple discovery: where metadata and each shard node answer, and each node's ring name and weight. */
    private List<String> discoveryArgs() {
        String instances = "--spring.cloud.discovery.client.simple.instances.";
        List<String> args = new ArrayList<>();
        args.add(instances + "metadata-service[0].uri=" + metadataUrl());
        for (int i = 0; i < settings.shards(); i++) {
            String shard = instances + "shard-service[" + i + "].";
            args.add(shard + "uri=" + shardUrl(i));
            args.add(shard + "metadata.node-id=" + settings.shardId(i));
            args.add(shard + "metadata.weight=1");
        }
        return args;
    }

    /**
     * A gateway in the consul profile, told nothing of the cluster but its shape: it must find metadata
     * and the shard nodes through the Consul agent at {@code consulPort}.
     */
    public ConfigurableApplicationContext startConsulGateway(int port, int consulPort, String... extraArgs) {
        List<String> args = gatewayArgs(port, "gateway-consul-" + port, consulArgs(consulPort));
        args.addAll(List.of(extraArgs));
        return run("gateway-consul", GatewayApplication::builder, args);
    }

    /** One more shard node, in the consul profile: it registers itself with the agent at {@code consulPort}. */
    public ConfigurableApplicationContext startConsulShard(String nodeId, int port, int consulPort) {
        List<String> args = shardArgs(nodeId, port);
        args.addAll(consulArgs(consulPort));
        return run(nodeId, ShardApplication::builder, args);
    }

    private static List<String> consulArgs(int consulPort) {
        return new ArrayList<>(List.of("--spring.profiles.active=consul", "--spring.cloud.consul.host=127.0.0.1",
                "--spring.cloud.consul.port=" + consulPort,
                "--spring.cloud.consul.discovery.ip-address=127.0.0.1"));
    }

    public String shardUrl(int index) {
        return "http://127.0.0.1:" + (settings.firstShardPort() + index);
    }

    public String repairUrl() {
        return "http://127.0.0.1:" + settings.repairPort();
    }

    private List<String> repairArgs() {
        List<String> args = commonArgs(settings.repairPort());
        args.addAll(clusterArgs());
        return args;
    }

    private List<String> metadataArgs() {
        List<String> args = commonArgs(settings.metadataPort());
        args.add("--spring.cassandra.contact-points=" + cassandra.contactPoint());
        return args;
    }

    private List<String> commonArgs(int port) {
        List<String> args = new ArrayList<>();
        args.add("--server.port=" + port);
        args.add("--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers());
        args.add("--spring.main.banner-mode=off");
        args.add("--spring.main.register-shutdown-hook=false");
        args.add("--dsv.internal.key=" + internalKey);
        args.add("--dsv.metrics.logback=false");          // eight contexts, one logback: see OperationsConfiguration
        args.addAll(extraServiceArgs);
        return args;
    }

    private ConfigurableApplicationContext run(String name, Supplier<SpringApplicationBuilder> builder, List<String> args) {
        say("starting " + name + " ...");
        ConfigurableApplicationContext context = builder.get().run(args.toArray(String[]::new));
        say(name + " is up");
        return context;
    }

    private void say(String line) {
        progress.println("[dsv-local] " + line);
        progress.flush();
    }

    /** Stops everything, newest first: gateways, shards, repair, metadata, then Kafka and Cassandra. */
    @Override
    public void close() {
        closeAll(new ArrayList<>(gateways));
        gateways.clear();
        closeAll(new ArrayList<>(shards.values()));
        shards.clear();
        closeAll(java.util.Arrays.asList(repair, metadata));
        repair = null;
        metadata = null;
        try {
            kafka.close();
        } finally {
            cassandra.close();
        }
        say("stopped");
    }

    private static void closeAll(List<ConfigurableApplicationContext> contexts) {
        for (ConfigurableApplicationContext context : contexts) {
            if (context != null) {
                try {
                    context.close();
                } catch (RuntimeException e) {
                    // keep closing the rest
                }
            }
        }
    }
}
