package io.dsv.local;

import static io.dsv.local.TestApi.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.dsv.core.domain.ErrorCode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** Issue 7 on the real cluster: health groups, Prometheus metrics and the OpenAPI document. */
@ExtendWith(SharedCluster.class)
@Order(7)
class OperationsTest {

    static TestApi api;

    @BeforeAll
    static void useCluster() {
        api = new TestApi("ops");
    }

    @Test
    void theOperatorCommandLineReadsTheRingSweepsAndNeverShowsTheRootTokenTwice(@TempDir Path elsewhere) {
        String ca = api.cluster.settings().dataDir().resolve("tls").resolve("internal").toString();
        String repair = api.cluster.repairId() + "@" + api.cluster.repairAddress();

        OperatorMainTest.Run ring = OperatorMainTest.run("membership", "--ca", ca, "--repair", repair);
        assertThat(ring.exit()).as(ring.err()).isZero();
        assertThat(ring.out()).startsWith("epoch ");
        for (int i = 0; i < api.cluster.settings().shards(); i++) {
            assertThat(ring.out()).contains(api.cluster.settings().shardId(i) + "@127.0.0.1:");
        }
        OperatorMainTest.Run sweep = OperatorMainTest.run("anti-entropy", "--ca", ca, "--repair", repair);
        assertThat(sweep.exit()).as(sweep.out() + sweep.err()).isZero();
        assertThat(sweep.out()).contains("ranges differing", "nodes unreachable 0");

        OperatorMainTest.Run token = OperatorMainTest.run("root-token", "--ca", ca, "--metadata",
                api.cluster.settings().metadataId(0) + "@" + api.cluster.metadataAddress(0));
        assertThat(token.exit()).isEqualTo(1);
        assertThat(token.out()).isEmpty();
        assertThat(token.err()).contains("root token exists already");

        // an operator certificate from any other CA is turned away at the handshake
        OperatorMainTest.Run stranger = OperatorMainTest.run("membership", "--ca", elsewhere.toString(), "--repair", repair);
        assertThat(stranger.exit()).isEqualTo(1);
        assertThat(stranger.err()).contains("the cluster refused or did not answer: UNAVAILABLE");
        assertThat(stranger.out()).isEmpty();
    }

    @Test
    void everyServiceIsLiveAndReadyWithKafkaAndCassandraInItsReadiness() {
        List<String> services = List.of(api.cluster.gatewayManagementUrl(0), api.cluster.gatewayManagementUrl(1),
                api.cluster.metadataUrl(),
                api.cluster.repairUrl(), api.cluster.shardUrl(0), api.cluster.shardUrl(4));
        for (String service : services) {
            HttpResponse<String> live = Http.get(service + "/actuator/health/liveness");
            assertThat(live.statusCode()).as(service).isEqualTo(200);
            HttpResponse<String> ready = Http.get(service + "/actuator/health/readiness");
            assertThat(ready.statusCode()).as(service + " " + ready.body()).isEqualTo(200);
            assertThat(ready.body()).contains("\"kafka\":{\"details\":{\"brokers\":1},\"status\":\"UP\"}");
        }
        assertThat(Http.get(api.cluster.metadataUrl() + "/actuator/health/readiness").body()).contains("\"cassandra\"");
        for (int i = 0; i < 2; i++) {                     // the API port serves no Actuator (issue 13)
            for (String endpoint : List.of("/actuator/health", "/actuator/prometheus", "/actuator/metrics")) {
                assertThat(Http.get(api.cluster.gatewayUrl(i) + endpoint).statusCode()).as(endpoint).isEqualTo(404);
            }
        }
        assertThat(Http.get(api.cluster.shardUrl(2) + "/actuator/health/readiness").body()).contains("\"cassandra\"");
    }

    @Test
    void readinessGoesDownWhenKafkaIsUnreachable() {
        int port = api.cluster.settings().spareGatewayPort();
        try (ConfigurableApplicationContext blind = api.cluster.startGatewayWithoutKafka(port)) {
            HttpResponse<String> ready = Http.get(api.cluster.managementUrl(port) + "/actuator/health/readiness");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("\"kafka\":{").contains("\"status\":\"DOWN\"");
            assertThat(Http.get(api.cluster.managementUrl(port) + "/actuator/health/liveness").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void prometheusCarriesLatencyPerOperationSagaOutcomesSharesAndLag() {
        assertThat(Http.post(api.gw1, api.create("metered", "m")).statusCode()).isEqualTo(201);
        assertThat(Http.post(api.gw1, api.create("metered", "m")).statusCode()).isEqualTo(409);
        assertThat(api.read(api.gw1, "metered", null)).isEqualTo("m");
        assertThat(Http.get(api.gw1 + "/metered/history?user=ops").statusCode()).isEqualTo(200);

        String gateway = Http.get(api.cluster.gatewayManagementUrl(0) + "/actuator/prometheus").body();
        assertThat(gateway)
                .contains("dsv_api_latency_seconds_bucket{operation=\"create\"")
                .contains("dsv_api_latency_seconds_bucket{operation=\"read\"")
                .contains("dsv_api_latency_seconds_bucket{operation=\"history\"")
                .contains("dsv_saga_outcomes_total{outcome=\"committed\"")
                .contains("dsv_saga_outcomes_total{outcome=\"secret_exists\"")
                .contains("dsv_read_shares_answered_count")
                .contains("dsv_repair_requested_total");
        eventually(Duration.ofSeconds(40), () -> Http.get(api.cluster.shardUrl(0) + "/actuator/prometheus").body()
                .matches("(?s).*dsv_shard_shares_held [1-9].*"));
        String shard = Http.get(api.cluster.shardUrl(0) + "/actuator/prometheus").body();
        assertThat(shard).contains("dsv_shard_command_lag").contains("kafka_consumer_fetch_manager_records_lag");
        String metadata = Http.get(api.cluster.metadataUrl(0) + "/actuator/prometheus").body()
                + Http.get(api.cluster.metadataUrl(1) + "/actuator/prometheus").body();
        assertThat(metadata).contains("kafka_consumer_fetch_manager_records_lag")
                .contains("dsv_metadata_decisions_total{outcome=\"commit\"").contains("dsv_metadata_decisions_total{outcome=\"secret_exists\"");
        assertThat(Http.get(api.cluster.repairUrl() + "/actuator/prometheus").body())
                .contains("dsv_repair_deferred_total").contains("dsv_antientropy_shares_fixed_total");
    }

    @Test
    void everyLogLineOfARequestCarriesItsRequestId() throws Exception {
        String requestId = "req-id-in-logs-" + System.nanoTime();
        assertThat(Http.send("POST", api.gw1, "application/json", api.create("logged", "x"), "X-Request-Id", requestId)
                .statusCode()).isEqualTo(201);
        java.nio.file.Path log = java.nio.file.Path.of("target/dsv-e2e-services.log");
        eventually(Duration.ofSeconds(5), () -> {
            try {
                return java.nio.file.Files.readAllLines(log).stream()
                        .anyMatch(line -> line.contains("[" + requestId + "]") && line.contains("Committed"));
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    @Test
    void aWritesTraceRunsFromTheGatewayThroughKafkaIntoMetadataAndTheShardNodes() {
        String traceId = String.format("%032x", System.nanoTime()).replace(' ', '0');
        String traceparent = "00-" + traceId + "-00f067aa0ba902b7-01";                // sampled
        HttpResponse<String> created = Http.send("POST", api.gw1, "application/json", api.create("traced", "t"),
                "traceparent", traceparent);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        // spans are exported in batches (every 5 s); a CONSUMER span can only join the trace through record headers
        eventually(Duration.ofSeconds(20), () -> {
            List<String> spans = spansOf(traceId);
            return spans.stream().anyMatch(s -> s.contains("service=gateway-service") && s.contains("kind=SERVER"))
                    && spans.stream().anyMatch(s -> s.contains("service=gateway-service") && s.contains("kind=PRODUCER"))
                    && spans.stream().anyMatch(s -> s.contains("service=metadata-service") && s.contains("kind=CONSUMER"))
                    && spans.stream().anyMatch(s -> s.contains("service=shard-service") && s.contains("kind=CONSUMER"));
        });
    }

    @Test
    void aReadsTraceReachesMetadataAndEveryHolderOverHttp() {
        assertThat(Http.post(api.gw1, api.create("traced-read", "r")).statusCode()).isEqualTo(201);
        String traceId = String.format("%032x", System.nanoTime() + 1).replace(' ', '0');
        HttpResponse<String> read = Http.send("GET", api.gw1 + "/traced-read?user=ops", null, null,
                "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        eventually(Duration.ofSeconds(20), () -> {
            List<String> spans = spansOf(traceId);
            return spans.stream().anyMatch(s -> s.contains("service=metadata-service") && s.contains("kind=SERVER"))
                    && spans.stream().filter(s -> s.contains("service=shard-service") && s.contains("kind=SERVER")).count()
                    >= api.cluster.settings().k();
        });
    }

    @Test
    void theOpenApiDocumentNamesEveryPublicEndpointAndErrorCode() {
        HttpResponse<String> doc = Http.send("GET", api.cluster.gatewayUrl(0) + "/v3/api-docs", null, null,
                "Authorization", "none");
        assertThat(doc.statusCode()).as(doc.body()).isEqualTo(200);
        assertThat(doc.body()).contains("\"/api/v1/secrets\"", "\"/api/v1/secrets/{name}\"", "\"/api/v1/secrets/{name}/all\"",
                "\"/api/v1/secrets/{name}/history\"", "\"/api/v1/secrets/env\"", "\"/api/v1/admin/tokens\"",
                "\"/api/v1/admin/tokens/{id}\"", "\"/api/v1/admin/audit\"");
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(doc.body()).as(code.code()).contains("\"" + code.code() + "\"");
        }
        assertThat(Http.send("GET", api.cluster.gatewayUrl(0) + "/swagger-ui/index.html", null, null,
                "Authorization", "none").statusCode()).isEqualTo(200);
    }

    /** The span lines of one trace that the services logged so far (dsv.tracing.log-spans is on in these tests). */
    private static List<String> spansOf(String traceId) {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("target/dsv-e2e-services.log")).stream()
                    .filter(line -> line.contains(" span service=") && line.contains("trace=" + traceId)).toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }
}
