package io.dsv.local;

import static io.dsv.local.TestApi.assertProblem;
import static io.dsv.local.TestApi.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 6 on the real cluster: tokens (401), per-namespace policies (403 on every endpoint across
 * namespaces), the audit trail (fail closed), internal endpoints behind service tokens, the per-token
 * rate limit, request size limits and the unauthenticated demo mode.
 */
@ExtendWith(SharedCluster.class)
@Order(5)
class SecurityTest {

    private static final String JSON = "application/json";
    static TestApi api;
    static String admin;

    @BeforeAll
    static void useCluster() {
        api = new TestApi("sec-a");
        admin = api.cluster.gatewayUrl(0) + "/api/v1/admin";
    }

    @Test
    void requestsWithoutAValidTokenGet401() {
        assertProblem(Http.send("GET", api.gw1 + "/x?user=sec-a", null, null, "Authorization", "none"), 401, "unauthorized");
        assertProblem(Http.send("POST", api.gw1, JSON, api.create("x", "y"), "Authorization", "Bearer dsv.AAAAAAAAAAAAAAAA."
                + "A".repeat(43)), 401, "unauthorized");
        String forged = Http.token.substring(0, Http.token.length() - 2) + (Http.token.endsWith("AA") ? "BB" : "AA");
        assertProblem(Http.send("GET", api.gw1 + "/x?user=sec-a", null, null, "Authorization", "Bearer " + forged), 401,
                "unauthorized");
    }

    @Test
    void aTokenOfNamespaceAGets403OnEveryEndpointOfNamespaceB() {
        String tokenA = createToken("team-a", "{\"sec-a\":[\"read\",\"write\",\"delete\"]}");
        assertThat(Http.post(api.gw1, "{\"user\":\"sec-b\",\"secretName\":\"target\",\"secretValue\":\"b-only\"}")
                .statusCode()).isEqualTo(201);
        String a = "Bearer " + tokenA;
        String b = api.gw1;
        List<HttpResponse<String>> answers = List.of(
                Http.send("POST", b, JSON, "{\"user\":\"sec-b\",\"secretName\":\"n\",\"secretValue\":\"v\"}", "Authorization", a),
                Http.send("PUT", b, JSON, "{\"user\":\"sec-b\",\"secretCurrentName\":\"target\",\"secretUpdatedValue\":\"v\"}", "Authorization", a),
                Http.send("GET", b + "/target?user=sec-b", null, null, "Authorization", a),
                Http.send("GET", b + "/target?user=sec-b&version=1", null, null, "Authorization", a),
                Http.send("GET", b + "/target?user=sec-b&at=" + Instant.now(), null, null, "Authorization", a),
                Http.send("GET", b + "/missing?user=sec-b", null, null, "Authorization", a),
                Http.send("GET", b + "/target/all?user=sec-b", null, null, "Authorization", a),
                Http.send("GET", b + "/target/history?user=sec-b", null, null, "Authorization", a),
                Http.send("DELETE", b, JSON, "{\"user\":\"sec-b\",\"deleteName\":\"target\"}", "Authorization", a),
                Http.send("POST", b + "/env?user=sec-b", "text/plain", "X=enc(v)\n", "Authorization", a),
                Http.send("POST", b + "/env?user=sec-b", JSON, "{\"envFileContent\":\"X=secret(target)\"}", "Authorization", a),
                Http.send("POST", admin + "/tokens", JSON, "{\"name\":\"t\",\"policies\":{\"sec-b\":[\"read\"]}}", "Authorization", a),
                Http.send("GET", admin + "/audit?namespace=sec-b", null, null, "Authorization", a),
                Http.send("GET", admin + "/audit", null, null, "Authorization", a),
                Http.send("DELETE", admin + "/tokens/AAAAAAAAAAAAAAAA", null, null, "Authorization", a));
        for (HttpResponse<String> answer : answers) {
            assertProblem(answer, 403, "forbidden");
            assertThat(answer.body()).doesNotContain("b-only");
        }
        // the same token works in its own namespace, and B's secret is untouched
        assertThat(Http.send("POST", b, JSON, api.create("mine", "a-value"), "Authorization", a).statusCode()).isEqualTo(201);
        assertThat(Http.send("GET", b + "/mine?user=sec-a", null, null, "Authorization", a).body()).isEqualTo("a-value");
        assertThat(Http.get(b + "/target?user=sec-b").body()).isEqualTo("b-only");
    }

    @Test
    void tokensCannotGrantMoreThanTheyHoldAndRevokedTokensStopWorking() {
        String adminA = createToken("admin-a", "{\"sec-a\":[\"read\",\"admin\"]}");
        HttpResponse<String> wider = Http.send("POST", admin + "/tokens", JSON,
                "{\"name\":\"w\",\"policies\":{\"sec-a\":[\"write\"]}}", "Authorization", "Bearer " + adminA);
        assertProblem(wider, 403, "forbidden");
        HttpResponse<String> narrower = Http.send("POST", admin + "/tokens", JSON,
                "{\"name\":\"r\",\"policies\":{\"sec-a\":[\"read\"]}}", "Authorization", "Bearer " + adminA);
        assertThat(narrower.statusCode()).as(narrower.body()).isEqualTo(201);
        assertProblem(Http.send("POST", admin + "/tokens", JSON, "{\"name\":\"r\",\"policies\":{\"sec-a\":[\"fly\"]}}"),
                400, "invalid_request");

        String reader = token(narrower.body());
        assertThat(Http.send("GET", api.gw1 + "/mine-2?user=sec-a", null, null, "Authorization", "Bearer " + reader)
                .statusCode()).isEqualTo(404);
        String id = reader.split("\\.")[1];
        assertThat(Http.send("DELETE", admin + "/tokens/" + id, null, null).statusCode()).isEqualTo(204);
        eventually(Duration.ofSeconds(10), () -> Http.send("GET", api.gw2 + "/mine-2?user=sec-a", null, null,
                "Authorization", "Bearer " + reader).statusCode() == 401);
    }

    @Test
    void everyRequestIsAuditedWithoutValuesAndTheTrailCanBeRead() {
        String requestId = "audit-check-" + System.nanoTime();
        HttpResponse<String> created = Http.send("POST", api.gw1, JSON, api.create("audited", PlaintextScanTest.CANARY),
                "X-Request-Id", requestId);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("X-Request-Id")).hasValue(requestId);
        Http.send("GET", api.gw1 + "/audited?user=sec-a", null, null, "Authorization", "Bearer nope");

        eventually(Duration.ofSeconds(15), () -> {
            String trail = Http.get(admin + "/audit?namespace=sec-a&limit=1000").body();
            return trail.contains("\"txId\":\"" + requestId + "\",\"phase\":\"attempt\"")
                    && trail.contains("\"txId\":\"" + requestId + "\",\"phase\":\"outcome\"");
        });
        String trail = Http.get(admin + "/audit?namespace=sec-a&limit=1000").body();
        assertThat(trail).contains("\"operation\":\"create\"").contains("\"name\":\"audited\"").contains("\"status\":201")
                .contains("\"actor\":\"root(").doesNotContain(PlaintextScanTest.CANARY);
        eventually(Duration.ofSeconds(15), () -> Http.get(admin + "/audit?actor=unauthenticated&limit=1000").body()
                .contains("\"status\":401"));
    }

    @Test
    void aRequestWhoseAuditEventCannotBeWrittenFailsClosed() {
        int port = api.cluster.settings().spareGatewayPort();
        try (ConfigurableApplicationContext blind = api.cluster.startGatewayWithoutKafka(port)) {
            HttpResponse<String> response = Http.post("http://127.0.0.1:" + port + "/api/v1/secrets",
                    api.create("unaudited", "never"));
            assertProblem(response, 503, "audit_unavailable");
            assertProblem(Http.get("http://127.0.0.1:" + port + "/api/v1/secrets/mine?user=sec-a"), 503, "audit_unavailable");
        }
        assertThat(api.metadataRows("unaudited")).isZero();
        assertThat(api.sharesOf("unaudited")).isZero();
    }

    /** The internal plane is gRPC with mutual TLS only: no HTTP endpoint of it remains, on any service. */
    @Test
    void noInternalHttpEndpointRemainsAndTheGatewayExposesNone() {
        assertThat(Http.get(api.cluster.shardUrl(0) + "/internal/identity").statusCode()).isEqualTo(404);
        assertThat(Http.get(api.cluster.metadataUrl() + "/internal/tokens/x").statusCode()).isEqualTo(404);
        assertThat(Http.get(api.cluster.gatewayUrl(0) + "/internal/identity").statusCode()).isIn(401, 404);
        assertThat(Http.get(api.cluster.gatewayUrl(0) + "/api/v1/internal/identity").statusCode()).isBetween(400, 499);
    }

    @Test
    void aTokenOverItsRateGets429WithRetryAfter() throws Exception {
        String limited = "Bearer " + createToken("hasty", "{\"sec-a\":[\"read\"]}");
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> Http.send("GET", api.gw1 + "/a%20b?user=sec-a", null, null,
                    "Authorization", limited)));
        }
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            answers.add(call.get());
        }
        List<HttpResponse<String>> throttled = answers.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(throttled).isNotEmpty();
        assertThat(throttled.get(0).headers().firstValue("Retry-After")).hasValue("1");
        assertProblem(throttled.get(0), 429, "rate_limited");
        assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isIn(400, 429));
    }

    @Test
    void oversizedBodiesAre413() {
        String huge = "{\"user\":\"sec-a\",\"secretName\":\"big\",\"secretValue\":\"" + "x".repeat(1_100_000) + "\"}";
        assertProblem(Http.post(api.gw1, huge), 413, "payload_too_large");
    }

    @Test
    void theUnauthenticatedDemoModeStillWorksWhenAskedFor() {
        int port = api.cluster.settings().spareGatewayPort();
        try (ConfigurableApplicationContext demo = api.cluster.startExtraGateway(port, "--dsv.auth.mode=none")) {
            String url = "http://127.0.0.1:" + port + "/api/v1/secrets";
            HttpResponse<String> created = Http.send("POST", url, JSON, api.create("demo", "open"), "Authorization", "none");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(Http.send("GET", url + "/demo?user=sec-a", null, null, "Authorization", "none").body()).isEqualTo("open");
        }
    }

    private static String createToken(String name, String policies) {
        HttpResponse<String> response = Http.send("POST", admin + "/tokens", JSON,
                "{\"name\":\"" + name + "\",\"policies\":" + policies + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return token(response.body());
    }

    private static String token(String body) {
        Matcher m = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(body);
        assertThat(m.find()).as(body).isTrue();
        return m.group(1);
    }
}
