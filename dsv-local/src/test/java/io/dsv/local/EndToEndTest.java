package io.dsv.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * DSV end to end on a real Kafka broker and a real Cassandra node, started by the same launcher as
 * the README's run command: five shard nodes (n=5, k=3, W=4), metadata, repair and two gateways.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndTest {

    private static final String NS = "e2e";
    /** Written through the API and then looked for, byte for byte, in every durable place and every log line. */
    private static final String CANARY = "canary-7f3a9c1e-plaintext-must-never-rest";

    @TempDir
    static Path dataDir;

    static LocalCluster cluster;
    static String gw1;
    static String gw2;
    static CqlSession cql;

    @BeforeAll
    static void startCluster() {
        cluster = new LocalCluster(ClusterSettings.onFreePorts(dataDir, 2), System.out);
        cluster.start();
        gw1 = cluster.gatewayUrl(0) + "/api/v1/secrets";
        gw2 = cluster.gatewayUrl(1) + "/api/v1/secrets";
        String[] hostPort = cluster.cassandraContactPoint().split(":");
        cql = CqlSession.builder().addContactPoint(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])))
                .withLocalDatacenter("datacenter1").build();
    }

    @AfterAll
    static void stopCluster() {
        if (cql != null) {
            cql.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void aSecretLivesThroughCreateReadUpdateHistoryDeleteAndCreateAgainAcrossGateways() {
        HttpResponse<String> created = Http.post(gw1, create("lifecycle", CANARY));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).isEqualTo("{\"version\":1}");

        assertThat(read(gw2, "lifecycle", null)).isEqualTo(CANARY);

        HttpResponse<String> updated = Http.put(gw1, update("lifecycle", "second-value"));
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(updated.body()).isEqualTo("{\"version\":2}");

        assertThat(read(gw2, "lifecycle", 1L)).isEqualTo(CANARY);
        assertThat(read(gw2, "lifecycle", null)).isEqualTo("second-value");
        assertThat(read(gw1, "lifecycle", 2L)).isEqualTo("second-value");

        HttpResponse<String> all = Http.get(gw2 + "/lifecycle/all?user=" + NS);
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.body()).isEqualTo("{\"1\":\"" + CANARY + "\",\"2\":\"second-value\"}");

        assertThat(Http.delete(gw1, delete("lifecycle")).statusCode()).isEqualTo(204);
        assertProblem(Http.get(gw2 + "/lifecycle?user=" + NS), 404, "secret_not_found");
        assertProblem(Http.get(gw2 + "/lifecycle?user=" + NS + "&version=1"), 404, "version_not_found");
        assertProblem(Http.get(gw2 + "/lifecycle/all?user=" + NS), 404, "secret_not_found");
        // 204 came after n - k + 1 holders destroyed every share of the key; with all nodes up, all of them do.
        eventually(Duration.ofSeconds(10), () -> sharesOf("lifecycle") == 0);

        HttpResponse<String> again = Http.post(gw2, create("lifecycle", "reborn"));
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(read(gw1, "lifecycle", null)).isEqualTo("reborn");
    }

    @Test
    @Order(2)
    void preconditionsFailWithTheirCodes() {
        assertThat(Http.post(gw1, create("dup", "one")).statusCode()).isEqualTo(201);
        assertProblem(Http.post(gw2, create("dup", "two")), 409, "secret_exists");
        assertThat(read(gw1, "dup", null)).isEqualTo("one");

        assertProblem(Http.put(gw1, update("missing", "x")), 404, "secret_not_found");
        assertProblem(Http.delete(gw1, delete("missing")), 404, "secret_not_found");
        assertProblem(Http.get(gw1 + "/missing?user=" + NS), 404, "secret_not_found");
        assertProblem(Http.get(gw1 + "/dup?user=" + NS + "&version=7"), 404, "version_not_found");
    }

    @Test
    @Order(3)
    void badInputIsA400NamingTheFieldNeverA500() {
        HttpResponse<String> malformed = Http.post(gw1, "{\"user\":\"e2e\",\n\"secretName\":");
        assertProblem(malformed, 400, "invalid_request");
        assertThat(malformed.body()).contains("line 2, column");

        assertField(Http.post(gw1, "{\"user\":\"e2e\",\"secretValue\":\"x\"}"), "secretName");
        assertField(Http.post(gw1, "{\"user\":\"e2e\",\"secretName\":\"a/b\",\"secretValue\":\"x\"}"), "secretName");
        assertField(Http.post(gw1, "{\"user\":\"\",\"secretName\":\"ok\",\"secretValue\":\"x\"}"), "user");
        assertField(Http.post(gw1, "{\"user\":\"e2e\",\"secretName\":\"ok\",\"secretValue\":17}"), "secretValue");
        assertField(Http.post(gw1, "{\"user\":\"e2e\",\"secretName\":\"" + "n".repeat(129) + "\",\"secretValue\":\"x\"}"), "secretName");
        assertField(Http.post(gw1, create("too-big", "v".repeat(64 * 1024 + 1))), "secretValue");
        assertField(Http.put(gw1, "{\"user\":\"e2e\",\"secretCurrentName\":\"dup\"}"), "secretUpdatedValue");
        assertField(Http.get(gw1 + "/dup"), "user");
        assertField(Http.get(gw1 + "/dup?user=" + NS + "&version=abc"), "version");
        assertProblem(Http.post(gw1, ""), 400, "invalid_request");
        // nothing of the refused writes exists
        assertProblem(Http.get(gw1 + "/too-big?user=" + NS), 404, "secret_not_found");
    }

    @Test
    @Order(4)
    void kafkaUnreachableAtOrderingIs503AndNothingIsStored() {
        int port = cluster.settings().firstGatewayPort() + 50;
        try (ConfigurableApplicationContext blind = cluster.startGatewayWithoutKafka(port)) {
            HttpResponse<String> response = Http.post("http://127.0.0.1:" + port + "/api/v1/secrets",
                    create("unordered", "never-stored"));
            assertProblem(response, 503, "ordering_failed");
        }
        assertProblem(Http.get(gw1 + "/unordered?user=" + NS), 404, "secret_not_found");
        assertThat(metadataRows("unordered")).isZero();
        assertThat(sharesOf("unordered")).isZero();
    }

    @Test
    @Order(5)
    void fewerThanWAcksAbortsWith503AndLeavesNoPendingShare() {
        assertThat(Http.post(gw1, create("survivor", "still-readable")).statusCode()).isEqualTo(201);
        cluster.stopShard(0);
        cluster.stopShard(1);
        try {
            assertProblem(Http.post(gw1, create("unwritten", "no-quorum")), 503, "write_quorum_failed");
            assertProblem(Http.get(gw2 + "/unwritten?user=" + NS), 404, "secret_not_found");
            // the three live holders drop their pending shares on the abort
            eventually(Duration.ofSeconds(15), () -> sharesOf("unwritten") == 0);

            // two of five nodes down: k = 3 shares still answer
            assertThat(read(gw2, "survivor", null)).isEqualTo("still-readable");
            cluster.stopShard(2);
            assertProblem(Http.get(gw2 + "/survivor?user=" + NS), 503, "insufficient_shards");
        } finally {
            cluster.startShard(0);
            cluster.startShard(1);
            cluster.startShard(2);
        }
        // the returning nodes replay their topic (put, then abort): still nothing of the aborted write
        eventually(Duration.ofSeconds(30), () -> read(gw1, "survivor", null).equals("still-readable"));
        assertThat(sharesOf("unwritten")).isZero();
        assertThat(metadataRows("unwritten")).isZero();
    }

    @Test
    @Order(6)
    void theCanaryValueIsNowhereOnDiskNorInAnyLog() throws Exception {
        List<Path> places = new ArrayList<>();
        places.add(cluster.dataDir().resolve("kafka"));
        places.add(cluster.dataDir().resolve("cassandra/data/data"));
        places.add(cluster.dataDir().resolve("cassandra/data/commitlog"));
        places.add(cluster.dataDir().resolve("cassandra/logs"));
        places.add(Path.of("target/dsv-e2e-services.log"));
        byte[] canary = CANARY.getBytes(StandardCharsets.UTF_8);
        byte[] name = "lifecycle".getBytes(StandardCharsets.UTF_8);
        boolean nameSeen = false;
        long scanned = 0;
        for (Path place : places) {
            for (Path file : files(place)) {
                byte[] bytes = Files.readAllBytes(file);
                scanned += bytes.length;
                assertThat(indexOf(bytes, canary)).as("canary in %s", file).isEqualTo(-1);
                nameSeen |= indexOf(bytes, name) >= 0;
            }
        }
        // The scan does read the stores: the secret's name (not secret) is there in clear.
        assertThat(nameSeen).isTrue();
        assertThat(scanned).isGreaterThan(100_000);
    }

    // --- helpers ---

    private static String read(String gateway, String name, Long version) {
        HttpResponse<String> response = Http.get(gateway + "/" + name + "?user=" + NS + (version == null ? "" : "&version=" + version));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static String create(String name, String value) {
        return "{\"user\":\"" + NS + "\",\"secretName\":\"" + name + "\",\"secretValue\":\"" + value + "\"}";
    }

    private static String update(String name, String value) {
        return "{\"user\":\"" + NS + "\",\"secretCurrentName\":\"" + name + "\",\"secretUpdatedValue\":\"" + value + "\"}";
    }

    private static String delete(String name) {
        return "{\"user\":\"" + NS + "\",\"deleteName\":\"" + name + "\"}";
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"code\":\"" + code + "\"").doesNotContain("Exception").doesNotContain("\tat ");
    }

    private static void assertField(HttpResponse<String> response, String field) {
        assertProblem(response, 400, "invalid_request");
        assertThat(response.body()).contains("\"field\":\"" + field + "\"");
    }

    /** Share rows for the key across every shard node's keyspace, read straight from Cassandra. */
    private static long sharesOf(String name) {
        long rows = 0;
        for (int i = 0; i < cluster.settings().shards(); i++) {
            String keyspace = "dsv_shard_" + cluster.settings().shardId(i).replace('-', '_');
            rows += cql.execute("SELECT count(*) FROM " + keyspace + ".shares WHERE namespace = ? AND name = ?",
                    NS, name).one().getLong(0);
        }
        return rows;
    }

    private static long metadataRows(String name) {
        return cql.execute("SELECT count(*) FROM dsv_metadata.secret_versions WHERE namespace = ? AND name = ?",
                NS, name).one().getLong(0);
    }

    private static void eventually(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        AssertionError last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (AssertionError e) {
                last = e;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("condition not met within " + timeout, last);
    }

    private static List<Path> files(Path root) throws Exception {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
