package io.dsv.local;

import io.dsv.client.ReplyRouter;
import io.dsv.gateway.GatewayApplication;
import io.dsv.metadata.MetadataApplication;
import io.dsv.repair.RepairApplication;
import io.dsv.rpc.ClusterCa;
import io.dsv.core.security.OwnerOnlyFile;
import io.dsv.rpc.Peer;
import io.dsv.rpc.Role;
import io.dsv.rpc.RpcTls;
import io.dsv.shard.ShardApplication;
import java.io.PrintStream;
import java.nio.file.Path;
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
 * The whole of DSV on loopback: a real Kafka broker, a real Cassandra node (always a child JVM), and
 * metadata (one or more instances), repair, the shard nodes and the gateways, each on its own port with
 * its own configuration. By default the broker and the services run in this JVM as Spring contexts;
 * with {@link Mode#PROCESSES} every one of them is a JVM of its own, which a fault test can kill -9,
 * pause and restart like a machine. Tests drive it through the same class.
 */
public final class LocalCluster implements AutoCloseable {

    /** Where the services run. */
    public enum Mode { ONE_JVM, PROCESSES }

    /**
     * Rewrites the internal-plane address (host:port) one service is given for another: a test puts a
     * fault proxy in between.
     */
    @FunctionalInterface
    public interface Links {
        String address(String from, String to, String address);
    }

    static {
        // Spring Boot must not re-initialise logging per context: the launcher's logback.xml serves them all.
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        // Schema statements wait ~1 s each for agreement by default; one node agrees at once (stack.md).
        System.setProperty("datastax-java-driver.advanced.metadata.schema.debouncer.window", "10ms");
        // Every shard node has its own session (its own keyspace and, later, its own role): many by design.
        System.setProperty("datastax-java-driver.advanced.session-leak.threshold", "0");
    }

    /** Each child service JVM: small heap, C1 only (ten JVMs share two cores), out on OOM. */
    private static final String METADATA_KEYSPACE = "dsv_metadata";
    private static final List<String> SERVICE_JVM = List.of("-Xms64m", "-Xmx320m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Xss512k", "-XX:+ExitOnOutOfMemoryError", "-Djava.net.preferIPv4Stack=true",
            "-Ddatastax-java-driver.advanced.metadata.schema.debouncer.window=10ms");

    private final ClusterSettings settings;
    private final PrintStream progress;
    private final Mode mode;
    private final Broker kafka;
    private final CassandraNode cassandra;
    private final ChildJvm jvm;
    private final Map<String, ServiceNode> services = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<ConfigurableApplicationContext> extras = Collections.synchronizedList(new ArrayList<>());
    private final List<String> extraGatewayArgs = new ArrayList<>();
    private final List<String> extraServiceArgs = new ArrayList<>();
    private Links links = (from, to, address) -> address;
    private ClusterCa ca;
    private CassandraRoles roles;
    private KafkaAccess kafkaAccess;
    private OperatorClient operator;
    private String gatewayScheme = "http";
    private String rootToken;

    public LocalCluster(ClusterSettings settings, PrintStream progress) {
        this(settings, progress, Mode.ONE_JVM);
    }

    public LocalCluster(ClusterSettings settings, PrintStream progress, Mode mode) {
        this.settings = settings;
        this.progress = progress;
        this.mode = mode;
        this.jvm = mode == Mode.PROCESSES ? new ChildJvm(settings.dataDir()) : null;
        this.kafka = mode == Mode.PROCESSES
                ? new KafkaProcess(kafkaDir(), settings.kafkaPort(), settings.kafkaControllerPort(), jvm)
                : new KafkaNode(kafkaDir(), settings.kafkaPort(), settings.kafkaControllerPort());
        this.cassandra = new CassandraNode(settings.dataDir().resolve("cassandra"), settings.cassandraPort(),
                settings.cassandraStoragePort());
    }

    private Path kafkaDir() {
        return settings.dataDir().resolve("kafka");
    }

    public ClusterSettings settings() {
        return settings;
    }

    public Mode mode() {
        return mode;
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

    /** The addresses gateways and repair are given for metadata and the shard nodes (before {@link #start()}). */
    public LocalCluster withLinks(Links links) {
        this.links = links;
        return this;
    }

    public void start() {
        long t0 = System.nanoTime();
        ca = ClusterCa.loadOrCreate(settings.dataDir().resolve("tls").resolve("internal"));
        say("starting Cassandra (child JVM) on " + cassandra.contactPoint() + " ...");
        CompletableFuture<Void> cassandraUp = CompletableFuture.runAsync(() -> cassandra.start(Duration.ofSeconds(120)));
        say("starting Kafka (KRaft, " + (mode == Mode.PROCESSES ? "child JVM" : "in-process") + ") on "
                + kafka.bootstrapServers() + " ...");
        kafka.start();
        announce("kafka", kafka.pid(), kafka.bootstrapServers());
        KafkaCredentials passwords = new KafkaCredentials(kafkaDir());
        kafkaAccess = new KafkaAccess(kafka.adminClientConfig(), passwords::password);
        kafkaAccess.createTopics();
        cassandraUp.join();
        announce("cassandra", cassandra.pid(), cassandra.contactPoint());
        roles = new CassandraRoles(cassandra.contactPoint(), settings.dataDir().resolve("cassandra-roles"));
        roles.setUp(Duration.ofSeconds(120));

        List<ServiceNode> first = new ArrayList<>();
        for (int i = 0; i < settings.metadataInstances(); i++) {
            first.add(metadataNode(i));
        }
        first.add(repairNode());
        for (int i = 0; i < settings.shards(); i++) {
            first.add(shardNode(i));
        }
        startAll(first);
        rootToken = operator().createRootToken(settings.metadataId(0), metadataAddress(0));
        if (rootToken != null) {
            say("root token (shown once, keep it; it grants everything): " + rootToken);
        }
        List<ServiceNode> gateways = new ArrayList<>();
        for (int i = 0; i < settings.gateways(); i++) {
            gateways.add(gatewayNode(i));
        }
        startAll(gateways);
        say("DSV is up in " + Duration.ofNanos(System.nanoTime() - t0).toSeconds() + " s");
        for (int i = 0; i < settings.gateways(); i++) {
            say("gateway: " + gatewayUrl(i));
        }
    }

    private void startAll(List<ServiceNode> nodes) {
        List<CompletableFuture<?>> starting = new ArrayList<>();
        for (ServiceNode node : nodes) {
            services.put(node.name(), node);
            starting.add(CompletableFuture.runAsync(() -> {
                say("starting " + node.name() + " ...");
                node.start();
                announce(node.name(), node.pid(), node.url());
            }));
        }
        CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
    }

    private void announce(String name, long pid, String address) {
        say(pid > 0 ? name + " pid " + pid + " " + address : name + " is up on " + address);
    }

    // --- the services, by name ---

    /** metadata-1.., repair, shard-1.., gateway-1..: the node, running or not. */
    public ServiceNode node(String name) {
        ServiceNode node = services.get(name);
        if (node == null) {
            throw new IllegalArgumentException("no service " + name + " in this cluster");
        }
        return node;
    }

    public List<ServiceNode> nodes() {
        synchronized (services) {
            return List.copyOf(services.values());
        }
    }

    public Broker kafka() {
        return kafka;
    }

    public CassandraNode cassandra() {
        return cassandra;
    }

    public String gatewayUrl(int index) {
        return gatewayScheme + "://127.0.0.1:" + (settings.firstGatewayPort() + index);
    }

    /** Where gateway {@code index} serves Actuator: a port of its own, never the API's (plain HTTP, loopback). */
    public String gatewayManagementUrl(int index) {
        return managementUrl(settings.firstGatewayPort() + index);
    }

    /** Where the gateway with API port {@code gatewayPort} serves Actuator (extra gateways of tests too). */
    public String managementUrl(int gatewayPort) {
        return "http://127.0.0.1:" + settings.rpcPort(gatewayPort);
    }

    public String metadataUrl() {
        return metadataUrl(0);
    }

    public String metadataUrl(int index) {
        return "http://127.0.0.1:" + (settings.firstMetadataPort() + index);
    }

    public String shardUrl(int index) {
        return "http://127.0.0.1:" + (settings.firstShardPort() + index);
    }

    public String repairUrl() {
        return "http://127.0.0.1:" + settings.repairPort();
    }

    /** The root token, when this start created it (a cluster's first start); null afterwards. */
    public String rootToken() {
        return rootToken;
    }

    /** The internal plane as an operator calls it (its certificate from the cluster CA). */
    public synchronized OperatorClient operator() {
        if (operator == null) {
            operator = new OperatorClient(credentials(new Peer(Role.OPERATOR, "operator-1")));
        }
        return operator;
    }

    /** A certificate of the cluster CA for any peer: for tests that call the plane as one role or another. */
    public RpcTls credentials(Peer peer) {
        return ca.credentials(peer);
    }

    public String metadataAddress(int index) {
        return "127.0.0.1:" + settings.rpcPort(settings.firstMetadataPort() + index);
    }

    public String shardAddress(int index) {
        return "127.0.0.1:" + settings.rpcPort(settings.firstShardPort() + index);
    }

    /** Repair's id on the internal plane (its certificate names it). */
    public String repairId() {
        return "repair-1";
    }

    public String repairAddress() {
        return "127.0.0.1:" + settings.rpcPort(settings.repairPort());
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** A Kafka client's settings logged in as the broker's administrator (tests, the operator). */
    public Map<String, Object> kafkaAdminConfig() {
        return kafka.adminClientConfig();
    }

    /** A Kafka client's settings logged in as the user {@code peer} runs as: what that service itself may do. */
    public Map<String, Object> kafkaConfigAs(Peer peer) {
        String user = KafkaAcls.user(peer);
        return KafkaCredentials.clientConfig(kafka.bootstrapServers(), user, new KafkaCredentials(kafkaDir()).password(user));
    }

    public String cassandraContactPoint() {
        return cassandra.contactPoint();
    }

    public Path dataDir() {
        return settings.dataDir();
    }

    /** Where a child service's output goes (--processes). */
    public Path logOf(String name) {
        return settings.dataDir().resolve("logs").resolve(name + ".log");
    }

    /** Starts shard node {@code index} again (or for the first time). */
    public void startShard(int index) {
        String nodeId = settings.shardId(index);
        ServiceNode node = services.computeIfAbsent(nodeId, id -> shardNode(index));
        node.start();
    }

    /** Stops one shard node as a crash would look to the others: its port closes, its consumer leaves. */
    public void stopShard(int index) {
        ServiceNode node = services.get(settings.shardId(index));
        if (node != null) {
            node.stop();
        }
    }

    // --- extra contexts for tests (one JVM only) ---

    /** A gateway pointed at a dead Kafka port: its writes cannot be ordered. For the ordering-failure test. */
    public ConfigurableApplicationContext startGatewayWithoutKafka(int port, String... extraArgs) {
        List<String> args = gatewayArgs(port, "gateway-nokafka", discoveryArgs("gateway-nokafka"));
        args.addAll(List.of(extraArgs));
        args.removeIf(a -> a.startsWith("--spring.kafka.bootstrap-servers="));
        args.add("--spring.kafka.bootstrap-servers=127.0.0.1:1");
        return extra(GatewayApplication::builder, args);
    }

    /** One more gateway on {@code port} with extra arguments (such as {@code --dsv.auth.mode=none}). */
    public ConfigurableApplicationContext startExtraGateway(int port, String... extraArgs) {
        String name = "gateway-extra-" + port;
        List<String> args = gatewayArgs(port, name, discoveryArgs(name));
        args.addAll(List.of(extraArgs));
        return extra(GatewayApplication::builder, args);
    }

    /**
     * A gateway in the consul profile, told nothing of the cluster but its shape: it must find metadata
     * and the shard nodes through the Consul agent at {@code consulPort}.
     */
    public ConfigurableApplicationContext startConsulGateway(int port, int consulPort, String... extraArgs) {
        List<String> args = gatewayArgs(port, "gateway-consul-" + port, consulArgs(consulPort));
        args.addAll(List.of(extraArgs));
        return extra(GatewayApplication::builder, args);
    }

    /** One more shard node, in the consul profile: it registers itself with the agent at {@code consulPort}. */
    public ConfigurableApplicationContext startConsulShard(String nodeId, int port, int consulPort) {
        List<String> args = shardArgs(nodeId, port);
        args.addAll(consulArgs(consulPort));
        return extra(ShardApplication::builder, args);
    }

    private ConfigurableApplicationContext extra(Supplier<SpringApplicationBuilder> builder, List<String> args) {
        ConfigurableApplicationContext context = builder.get().run(args.toArray(String[]::new));
        extras.add(context);
        return context;
    }

    // --- how each service is started ---

    private ServiceNode metadataNode(int index) {
        String name = settings.metadataId(index);
        int port = settings.firstMetadataPort() + index;
        List<String> args = commonArgs(port, new Peer(Role.METADATA, name), roles.roleFor(METADATA_KEYSPACE));
        args.add("--dsv.metadata.instance-id=" + name);
        args.add("--spring.cassandra.contact-points=" + cassandra.contactPoint());
        args.addAll(clusterShapeArgs());
        return node(name, port, MetadataApplication::builder, MetadataApplication.class, args);
    }

    private ServiceNode repairNode() {
        List<String> args = commonArgs(settings.repairPort(), new Peer(Role.REPAIR, repairId()));
        args.addAll(clusterShapeArgs());
        args.addAll(discoveryArgs("repair"));
        return node("repair", settings.repairPort(), RepairApplication::builder, RepairApplication.class, args);
    }

    private ServiceNode shardNode(int index) {
        String nodeId = settings.shardId(index);
        int port = settings.firstShardPort() + index;
        return node(nodeId, port, ShardApplication::builder, ShardApplication.class, shardArgs(nodeId, port));
    }

    private ServiceNode gatewayNode(int index) {
        String name = settings.gatewayId(index);
        int port = settings.firstGatewayPort() + index;
        List<String> args = gatewayArgs(port, name, discoveryArgs(name));
        if (mode == Mode.PROCESSES) {
            return node(name, port, GatewayApplication::builder, GatewayApplication.class, args);
        }
        return new InJvmService(name, gatewayScheme + "://127.0.0.1:" + port, () -> {
            ConfigurableApplicationContext context = GatewayApplication.builder().run(args.toArray(String[]::new));
            awaitReplies(name, context);
            return context;
        });
    }

    private ServiceNode node(String name, int port, Supplier<SpringApplicationBuilder> builder, Class<?> main,
                             List<String> args) {
        String scheme = name.startsWith("gateway") ? gatewayScheme : "http";
        String url = scheme + "://127.0.0.1:" + port;
        if (mode == Mode.PROCESSES) {
            List<String> childArgs = new ArrayList<>(args);
            childArgs.removeIf(a -> a.startsWith("--spring.main.register-shutdown-hook"));
            String management = name.startsWith("gateway") ? managementUrl(port) : url;
            return new ChildService(name, url, management, main.getName(), SERVICE_JVM, childArgs, logOf(name), jvm);
        }
        return new InJvmService(name, url, () -> builder.get().run(args.toArray(String[]::new)));
    }

    private static void awaitReplies(String name, ConfigurableApplicationContext context) {
        try {
            if (!context.getBean(ReplyRouter.class).awaitReady(Duration.ofSeconds(60))) {
                throw new IllegalStateException(name + " could not read the reply topic");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private List<String> shardArgs(String nodeId, int port) {
        List<String> args = commonArgs(port, new Peer(Role.SHARD, nodeId),
                roles.roleFor("dsv_shard_" + nodeId.replace('-', '_')));
        args.add("--dsv.shard.node-id=" + nodeId);
        args.add("--dsv.shard.data-dir=" + settings.dataDir().resolve("shards").resolve(nodeId));
        args.add("--spring.cassandra.contact-points=" + cassandra.contactPoint());
        return args;
    }

    /** The instance's Kafka user and ACLs, and its login in an owner-only config tree (.dsv/kafka-users/<user>/). */
    private Path kafkaLogin(Peer self) {
        Path dir = settings.dataDir().resolve("kafka-users").resolve(KafkaAcls.user(self));
        try {
            OwnerOnlyFile.write(dir.resolve(KafkaAccess.LOGIN_PROPERTY), kafkaAccess.grant(self));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write the Kafka login of " + self, e);
        }
        return dir;
    }

    /** Who may create keyspaces and roles in the local Cassandra, and each service's role (tests and the operator). */
    public CassandraRoles cassandraRoles() {
        return roles;
    }

    /** A gateway's arguments, finding the others through {@code discovery} (simple discovery, or Consul). */
    private List<String> gatewayArgs(int port, String instanceId, List<String> discovery) {
        List<String> args = commonArgs(port, new Peer(Role.GATEWAY, instanceId.replaceAll("[^a-z0-9-]", "-")));
        args.add("--management.server.port=" + settings.rpcPort(port));       // the gateway serves no internal plane
        args.add("--dsv.gateway.instance-id=" + instanceId);
        args.add("--dsv.gateway.write-timeout=" + settings.writeTimeout().toMillis() + "ms");
        args.add("--dsv.gateway.request-mac-key-file=" + requestMacKey());
        args.addAll(clusterShapeArgs());
        args.addAll(discovery);
        args.addAll(extraGatewayArgs);
        return args;
    }

    /** The key every gateway MACs a keyed write request with (RequestMac): one for all, made once, owner-only. */
    private Path requestMacKey() {
        Path file = settings.dataDir().resolve("gateway").resolve("request-mac.key");
        try {
            OwnerOnlyFile.secret(file, 32);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot make the gateways' request MAC key " + file, e);
        }
        return file;
    }

    /** The cluster's shape, as every service that reads shares or decides writes must see it. */
    private List<String> clusterShapeArgs() {
        List<String> args = new ArrayList<>();
        args.add("--dsv.cluster.n=" + settings.n());
        args.add("--dsv.cluster.k=" + settings.k());
        args.add("--dsv.cluster.w=" + settings.w());
        args.add("--dsv.cluster.read-timeout=" + settings.readTimeout().toMillis() + "ms");
        return args;
    }

    /** Simple discovery for {@code from}: where metadata and each shard node answer, each node's ring name and weight. */
    private List<String> discoveryArgs(String from) {
        String instances = "--spring.cloud.discovery.client.simple.instances.";
        List<String> args = new ArrayList<>();
        for (int i = 0; i < settings.metadataInstances(); i++) {
            String metadata = instances + "metadata-service[" + i + "].";
            String address = links.address(from, settings.metadataId(i), metadataAddress(i));
            args.add(metadata + "uri=http://" + address);
            args.add(metadata + "metadata.instance-id=" + settings.metadataId(i));
            args.add(metadata + "metadata.rpc-port=" + address.substring(address.lastIndexOf(':') + 1));
        }
        for (int i = 0; i < settings.shards(); i++) {
            String shard = instances + "shard-service[" + i + "].";
            String address = links.address(from, settings.shardId(i), shardAddress(i));
            args.add(shard + "uri=http://" + address);
            args.add(shard + "metadata.node-id=" + settings.shardId(i));
            args.add(shard + "metadata.weight=1");
            args.add(shard + "metadata.rpc-port=" + address.substring(address.lastIndexOf(':') + 1));
        }
        return args;
    }

    private static List<String> consulArgs(int consulPort) {
        return new ArrayList<>(List.of("--spring.profiles.active=consul", "--spring.cloud.consul.host=127.0.0.1",
                "--spring.cloud.consul.port=" + consulPort,
                "--spring.cloud.consul.discovery.ip-address=127.0.0.1"));
    }

    /**
     * What every service is given: its ports, Kafka and its Kafka user, its identity on the internal plane
     * (certificate and key), and the config trees holding its passwords (Kafka's, and Cassandra's when it
     * has a keyspace), read from owner-only files: no password on a command line.
     */
    private List<String> commonArgs(int port, Peer self, Path... moreConfigTrees) {
        RpcTls tls = credentials(self);
        List<String> args = new ArrayList<>();
        args.add("--server.port=" + port);
        args.add("--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers());
        args.add("--spring.kafka.security.protocol=SASL_PLAINTEXT");
        args.add("--spring.kafka.properties.sasl.mechanism=" + KafkaCredentials.MECHANISM);
        args.add("--spring.kafka.admin.auto-create=false");     // topics are the administrator's (KafkaAccess)
        List<String> trees = new ArrayList<>();
        trees.add("optional:configtree:" + kafkaLogin(self) + "/");
        for (Path tree : moreConfigTrees) {
            trees.add("optional:configtree:" + tree + "/");
        }
        args.add("--spring.config.import=" + String.join(",", trees));
        args.add("--spring.main.banner-mode=off");
        args.add("--spring.main.register-shutdown-hook=false");
        args.add("--dsv.rpc.id=" + self.id());
        if (self.role() != Role.GATEWAY) {
            args.add("--dsv.rpc.port=" + settings.rpcPort(port));
        }
        args.add("--dsv.rpc.tls.ca=" + tls.ca());
        args.add("--dsv.rpc.tls.certificate=" + tls.certificate());
        args.add("--dsv.rpc.tls.private-key=" + tls.privateKey());
        args.add("--dsv.metrics.logback=false");          // several contexts, one logback: see OperationsConfiguration
        args.addAll(extraServiceArgs);
        return args;
    }

    private void say(String line) {
        progress.println("[dsv-local] " + line);
        progress.flush();
    }

    /** Stops everything, newest first: gateways, shards, repair, metadata, then Kafka and Cassandra. */
    @Override
    public void close() {
        if (operator != null) {
            operator.close();
        }
        closeAll(new ArrayList<>(extras));
        extras.clear();
        List<ServiceNode> all = new ArrayList<>(nodes());
        Collections.reverse(all);
        for (ServiceNode node : all) {
            try {
                node.stop();
            } catch (RuntimeException e) {
                // keep closing the rest
            }
        }
        try {
            if (kafkaAccess != null) {
                kafkaAccess.close();
            }
            kafka.close();
        } finally {
            if (roles != null) {
                roles.close();
            }
            cassandra.close();
        }
        say("stopped");
    }

    private static void closeAll(List<ConfigurableApplicationContext> contexts) {
        for (ConfigurableApplicationContext context : contexts) {
            try {
                context.close();
            } catch (RuntimeException e) {
                // keep closing the rest
            }
        }
    }
}
