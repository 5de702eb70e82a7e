package io.dsv.local.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.dsv.local.ClusterSettings;
import io.dsv.local.LocalCluster;
import io.dsv.local.ServiceNode;
import io.dsv.local.TestText;
import io.dsv.local.history.HistoryChecker.Anomaly;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Design §9 under real faults: every service a process of its own ({@code dsv-local --processes}, two
 * metadata instances, two gateways), concurrent clients on a few keys, a {@link Nemesis} killing,
 * pausing and restarting services, Kafka and Cassandra and breaking the links between services, then
 * every fault healed, every unknown write retried with its Idempotency-Key, anti-entropy run, and the
 * whole history checked ({@link HistoryChecker}). Ends with one summary line; any anomaly fails it.
 *
 * <p>Bounded: two rounds of every kind of fault, and faults for at least {@code dsv.history.seconds} (150
 * by default; {@code bench/faults.sh --minutes N} runs a long one). It runs in its own surefire execution,
 * after the other end-to-end tests.
 */
class HistoryTest {

    private static final String NAMESPACE = "hist";
    private static final List<String> KEYS = List.of("hist/h0", "hist/h1", "hist/h2", "hist/h3");
    private static final int CLIENTS = 6;
    /** Every kind of fault this many times at least, however short the run. */
    private static final int ROUNDS = 2;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void noAnomalyUnderKillsPausesRestartsAndBrokenLinks() throws Exception {
        long seconds = Long.getLong("dsv.history.seconds", 150);
        long seed = Long.getLong("dsv.history.seed", System.nanoTime());
        Path dir = Files.createTempDirectory("dsv-history-");
        History history = new History();
        try (FaultLinks links = new FaultLinks();
             LocalCluster cluster = new LocalCluster(ClusterSettings.onFreePorts(dir, 2, 2), System.out,
                     LocalCluster.Mode.PROCESSES)
                     .withLinks(links)
                     .withGatewayArgs("--resilience4j.ratelimiter.configs.per-token.limit-for-period=100000")) {
            cluster.start();
            say("run " + run + ", seed " + seed + ", " + seconds + " s of faults");
            List<String> gateways = List.of(cluster.gatewayUrl(0), cluster.gatewayUrl(1));
            String token = cluster.rootToken();
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            Nemesis nemesis = new Nemesis(cluster, links, history, () -> System.nanoTime() > end, ROUNDS,
                    HistoryTest::say, seed);
            java.util.function.BooleanSupplier over = nemesis::done;

            List<Client> clients = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                Client client = new Client(i, NAMESPACE, KEYS, gateways, token, run, history, over, seed + i);
                clients.add(client);
                Thread thread = new Thread(client, "history-client-" + i);
                thread.start();
                threads.add(thread);
            }
            Thread nemesisThread = new Thread(nemesis, "nemesis");
            nemesisThread.start();
            for (Thread thread : threads) {
                thread.join();
            }
            nemesisThread.join();

            say("healing every fault");
            heal(cluster, links, nemesis);
            settleUnknownWrites(history, clients.get(0));
            antiEntropy(cluster);
            Map<String, List<FinalVersion>> state = finalState(cluster, token);

            List<Anomaly> anomalies = new ArrayList<>(HistoryChecker.check(history.ops(), state));
            anomalies.addAll(plaintextOnDisk(cluster));
            String summary = history.summary(anomalies.size());
            System.out.println(summary);
            anomalies.forEach(a -> say("ANOMALY " + a));
            Files.writeString(Path.of("target/history-summary.txt"), summary + "\n" + String.join("\n",
                    anomalies.stream().map(Anomaly::toString).toList()) + "\n");
            keepForDiagnosis(history, state, cluster);
            assertThat(history.ops()).as("operations").hasSizeGreaterThan(100);
            assertThat(history.faults()).as("faults of each kind").hasSize(9)
                    .allSatisfy((kind, count) -> assertThat(count).as(kind).isGreaterThanOrEqualTo(ROUNDS));
            assertThat(anomalies).as(summary).isEmpty();
        } finally {
            deleteTree(dir);
        }
    }

    /** The whole history and every service's log, under target/, for whoever reads a failed run. */
    private static void keepForDiagnosis(History history, Map<String, List<FinalVersion>> state, LocalCluster cluster)
            throws IOException {
        Files.write(Path.of("target/history-ops.txt"), history.ops().stream().map(Op::toString).toList());
        Files.write(Path.of("target/history-final.txt"), state.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(v -> e.getKey() + " " + v)).toList());
        Path logs = Path.of("target/history-logs");
        Files.createDirectories(logs);
        try (Stream<Path> files = Files.list(cluster.dataDir().resolve("logs"))) {
            for (Path file : files.toList()) {
                Files.copy(file, logs.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Every link open again, every process running, every shard node caught up with its topic. */
    private void heal(LocalCluster cluster, FaultLinks links, Nemesis nemesis) throws InterruptedException {
        links.healAll();
        nemesis.awaitRestarts();
        if (cluster.kafka().pid() < 0) {
            cluster.kafka().start();
        }
        if (!cluster.cassandra().isRunning()) {
            cluster.cassandra().start(Duration.ofSeconds(120));
        }
        for (ServiceNode node : cluster.nodes()) {
            if (!node.alive()) {
                node.start();
            }
        }
        awaitCaughtUp(cluster, Duration.ofSeconds(120));
    }

    private void awaitCaughtUp(LocalCluster cluster, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < cluster.settings().shards(); i++) {
            String health = cluster.shardUrl(i) + "/actuator/health";
            while (!get(health).contains("\"caughtUp\":true")) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("shard node " + i + " did not catch up: " + get(health));
                }
                Thread.sleep(500);
            }
        }
    }

    /** A write whose every attempt was unknown is retried with its Idempotency-Key until the answer is definite. */
    private void settleUnknownWrites(History history, Client client) throws InterruptedException {
        Map<String, Op> lastAttempt = new LinkedHashMap<>();
        for (Op op : history.ops()) {
            if (op.kind().write()) {
                lastAttempt.put(op.idempotencyKey(), op);
            }
        }
        int settled = 0;
        for (Op op : lastAttempt.values()) {
            Op attempt = op;
            for (int i = 0; i < 5 && attempt.outcome() == Op.Outcome.UNKNOWN; i++) {
                attempt = client.settle(op);
                if (attempt.outcome() == Op.Outcome.UNKNOWN) {
                    Thread.sleep(2_000);
                }
            }
            if (attempt != op) {
                settled++;
            }
        }
        say(settled + " unknown writes retried with their Idempotency-Key");
    }

    /** Two sweeps, so every share a fault lost is rebuilt, then every node caught up again. */
    private void antiEntropy(LocalCluster cluster) throws Exception {
        for (int i = 0; i < 2; i++) {
            say("anti-entropy: " + cluster.operator().antiEntropy(cluster.repairId(), cluster.repairAddress()).toString().replace('\n', ' '));
            awaitCaughtUp(cluster, Duration.ofSeconds(60));
        }
    }

    /** Each key's versions from the API (history, and each readable version's value), shares from Cassandra. */
    private Map<String, List<FinalVersion>> finalState(LocalCluster cluster, String token) throws Exception {
        Map<String, List<FinalVersion>> state = new LinkedHashMap<>();
        String gateway = cluster.gatewayUrl(0) + "/api/v1/secrets/";
        try (CqlSession cql = cluster.cassandraRoles().adminSession()) {
            for (String key : KEYS) {
                String name = key.substring(key.indexOf('/') + 1);
                HttpResponse<String> historyResponse = authorized(gateway + name + "/history?user=" + NAMESPACE, token);
                List<FinalVersion> versions = new ArrayList<>();
                if (historyResponse.statusCode() == 200) {
                    Map<Long, Row> rows = new LinkedHashMap<>();
                    for (Row row : cql.execute("SELECT version, tx_id, holders FROM dsv_metadata.secret_versions"
                            + " WHERE namespace = ? AND name = ?", NAMESPACE, name)) {
                        rows.put(row.getLong(0), row);
                    }
                    for (Map<String, String> entry : TestText.objects(historyResponse.body())) {
                        long version = Long.parseLong(entry.get("version"));
                        String stateName = entry.get("state");
                        String value = null;
                        if ("active".equals(stateName)) {
                            HttpResponse<String> read = authorized(gateway + name + "?user=" + NAMESPACE + "&version=" + version, token);
                            value = read.statusCode() == 200 ? read.body() : "<unreadable: " + read.statusCode() + " " + read.body() + ">";
                        }
                        Row row = rows.get(version);
                        int shares = row == null ? -1 : liveShares(cql, name, row.getString(1), cluster.settings());
                        long validFrom = entry.get("validFrom") == null ? 0
                                : ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(entry.get("validFrom")));
                        versions.add(new FinalVersion(version, stateName, value, validFrom, shares,
                                "active".equals(stateName) ? cluster.settings().n() : 0));
                    }
                } else if (historyResponse.statusCode() != 404) {
                    throw new AssertionError("history of " + key + " failed after healing: " + historyResponse.body());
                }
                state.put(key, versions);
            }
        }
        return state;
    }

    /** Shares of one version on every node (the marker of a dropped share holds none). */
    private static int liveShares(CqlSession cql, String name, String txId, ClusterSettings settings) {
        int live = 0;
        for (int i = 0; i < settings.shards(); i++) {
            String keyspace = "dsv_shard_" + settings.shardId(i).replace('-', '_');
            for (Row row : cql.execute("SELECT state FROM " + keyspace + ".shares WHERE namespace = ? AND name = ? AND tx_id = ?",
                    NAMESPACE, name, txId)) {
                if (List.of("PENDING", "COMMITTED").contains(row.getString(0))) {
                    live++;
                }
            }
        }
        return live;
    }

    /** No value any client wrote is in the Kafka log, Cassandra's files or any service's log. */
    private List<Anomaly> plaintextOnDisk(LocalCluster cluster) throws IOException {
        byte[] marker = ("hv-" + run + "-").getBytes(StandardCharsets.UTF_8);
        List<Anomaly> found = new ArrayList<>();
        for (Path place : List.of(cluster.dataDir().resolve("kafka"), cluster.dataDir().resolve("cassandra/data"),
                cluster.dataDir().resolve("cassandra/logs"), cluster.dataDir().resolve("logs"))) {
            if (!Files.exists(place)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(place)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    if (TestText.indexOf(Files.readAllBytes(file), marker) >= 0) {
                        found.add(new Anomaly("plaintext at rest", "-", file.toString()));
                    }
                }
            }
        }
        return found;
    }

    private HttpResponse<String> authorized(String url, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private String get(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static void say(String line) {
        System.out.println("[history] " + line);
        System.out.flush();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
