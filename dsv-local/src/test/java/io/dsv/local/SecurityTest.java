package io.dsv.local;

import static io.dsv.local.TestApi.assertField;
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

    /**
     * Issue 13: a body without a declared length is counted as it is read, whatever its content type; 5
     * MiB sent chunked is 413 (never a 400 or 500, never read whole), and a small chunked body still works.
     */
    @Test
    void aChunkedBodyOverTheLimitIs413WhateverItsContentType() throws Exception {
        byte[] fiveMiB = ("{\"user\":\"sec-a\",\"secretName\":\"chunked\",\"secretValue\":\"" + "x".repeat(5 << 20) + "\"}")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(chunked("/api/v1/secrets", "application/json", fiveMiB)).startsWith("HTTP/1.1 413");
        assertThat(chunked("/api/v1/secrets/env?user=sec-a", "text/plain", fiveMiB)).startsWith("HTTP/1.1 413");
        assertThat(chunked("/api/v1/secrets/env?user=sec-a", "application/octet-stream", fiveMiB)).startsWith("HTTP/1.1 413");
        byte[] small = api.create("chunked-small", "fits").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(chunked("/api/v1/secrets", "application/json", small)).startsWith("HTTP/1.1 201");
        assertThat(api.read(api.gw2, "chunked-small", null)).isEqualTo("fits");
    }

    /** Sends {@code body} chunked (64 KiB chunks, no Content-Length) on a raw socket; the status line back. */
    private static String chunked(String path, String contentType, byte[] body) throws Exception {
        java.net.URI gateway = java.net.URI.create(api.cluster.gatewayUrl(0));
        try (java.net.Socket socket = new java.net.Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(20_000);
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII));
            CompletableFuture<String> status = CompletableFuture.supplyAsync(() -> {
                try {
                    return in.readLine();                    // the answer may come before the body is all sent
                } catch (java.io.IOException e) {
                    return "no answer: " + e;
                }
            });
            java.io.OutputStream out = socket.getOutputStream();
            try {
                out.write(("POST " + path + " HTTP/1.1\r\nHost: " + gateway.getHost() + "\r\nContent-Type: " + contentType
                        + "\r\nAuthorization: Bearer " + Http.token + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                for (int offset = 0; offset < body.length && !status.isDone(); offset += 65_536) {
                    int length = Math.min(65_536, body.length - offset);
                    out.write((Integer.toHexString(length) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    out.write(body, offset, length);
                    out.write("\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.flush();
            } catch (java.io.IOException stoppedReading) {
                // the gateway answered and closed before the rest was sent: its answer is what counts
            }
            return status.get(20, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** Issue 13: an Idempotency-Key belongs to the token that used it; another token's same key is a new request. */
    @Test
    void anIdempotencyKeyIsScopedToTheTokenThatUsedIt() {
        String first = "Bearer " + createToken("idem-first", "{\"sec-a\":[\"read\",\"write\"]}");
        String second = "Bearer " + createToken("idem-second", "{\"sec-a\":[\"read\",\"write\"]}");
        String key = "shared-key-" + System.nanoTime();
        assertThat(Http.send("POST", api.gw1, JSON, api.create("idem-one", "1"), "Authorization", first,
                "Idempotency-Key", key).statusCode()).isEqualTo(201);
        // the same key, another body: for the first token a reuse, for the second a request of its own
        assertProblem(Http.send("POST", api.gw1, JSON, api.create("idem-two", "2"), "Authorization", first,
                "Idempotency-Key", key), 422, "idempotency_key_reused");
        assertThat(Http.send("POST", api.gw2, JSON, api.create("idem-two", "2"), "Authorization", second,
                "Idempotency-Key", key).statusCode()).isEqualTo(201);
        assertThat(api.read(api.gw1, "idem-two", null)).isEqualTo("2");
    }

    /**
     * Issue 13: a flood of made-up tokens from one address is cut off before it reaches metadata (401,
     * then 429), and a real token from the same address is still answered promptly, from memory.
     */
    @Test
    void aFloodOfUnknownTokensLeavesARootTokenRequestFast() throws Exception {
        assertThat(Http.post(api.gw2, api.create("flood-target", "still-here")).statusCode()).isEqualTo(201);
        assertThat(api.read(api.gw2, "flood-target", null)).isEqualTo("still-here");     // the root token is known
        List<CompletableFuture<Integer>> flood = new ArrayList<>();
        java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < 400; i++) {
                String madeUp = "Bearer " + io.dsv.core.security.ApiTokens.issue().token();
                flood.add(CompletableFuture.supplyAsync(() -> Http.send("GET", api.gw2 + "/flood-target?user=sec-a", null,
                        null, "Authorization", madeUp).statusCode(), senders));
            }
            long start = System.nanoTime();
            String value = api.read(api.gw2, "flood-target", null);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(value).isEqualTo("still-here");
            assertThat(took).as("a known token's read in the middle of the flood").isLessThan(Duration.ofSeconds(2));
            List<Integer> statuses = flood.stream().map(CompletableFuture::join).toList();
            assertThat(statuses).containsOnly(401, 429).contains(429);
        } finally {
            senders.shutdownNow();
        }
        // the address's budget refills each second: made-up tokens are looked up (and refused with 401) again
        eventually(Duration.ofSeconds(5), () -> Http.send("GET", api.gw2 + "/flood-target?user=sec-a", null, null,
                "Authorization", "Bearer " + io.dsv.core.security.ApiTokens.issue().token()).statusCode() == 401);
    }

    /** Issue 13: a minted token has an expiry (asked for, or the default) and records the token that minted it. */
    @Test
    void aMintedTokenExpiresAndNamesItsParent() throws Exception {
        HttpResponse<String> minted = Http.send("POST", admin + "/tokens", JSON,
                "{\"name\":\"short-lived\",\"policies\":{\"sec-a\":[\"read\"]},\"expiresInSeconds\":2}");
        assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
        Matcher token = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(minted.body());
        assertThat(token.find()).isTrue();
        Matcher expires = Pattern.compile("\"expiresAt\":\"([^\"]+)\"").matcher(minted.body());
        assertThat(expires.find()).isTrue();
        assertThat(Instant.parse(expires.group(1))).isBetween(Instant.now(), Instant.now().plusSeconds(3));
        String shortLived = "Bearer " + token.group(1);
        assertThat(Http.post(api.gw1, api.create("expiring-read", "v")).statusCode()).isEqualTo(201);
        assertThat(Http.send("GET", api.gw1 + "/expiring-read?user=sec-a", null, null, "Authorization", shortLived)
                .statusCode()).isEqualTo(200);
        String id = token.group(1).split("\\.")[1];
        com.datastax.oss.driver.api.core.cql.Row row = api.cql.execute(
                "SELECT parent, expires_at FROM dsv_metadata.api_tokens WHERE id = ?", id).one();
        assertThat(row.getString(0)).as("the minter: the root token").isEqualTo(Http.token.split("\\.")[1]);
        assertThat(row.getInstant(1)).isEqualTo(Instant.parse(expires.group(1)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));

        eventually(Duration.ofSeconds(6), () -> Http.send("GET", api.gw1 + "/expiring-read?user=sec-a", null, null,
                "Authorization", shortLived).statusCode() == 401);
        assertField(Http.send("POST", admin + "/tokens", JSON,
                "{\"name\":\"forever\",\"policies\":{\"sec-a\":[\"read\"]},\"expiresInSeconds\":999999999}"),
                "expiresInSeconds");
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
