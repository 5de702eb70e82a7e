package io.dsv.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SDK against a stand-in HTTP server: what goes on the wire, and how answers become results or exceptions. */
class DsvClientTest {

    private final List<Recorded> requests = Collections.synchronizedList(new ArrayList<>());
    private HttpServer server;

    record Recorded(String method, String uri, String idempotencyKey, String ifMatch, String authorization, String body) {
    }

    record Answer(int status, String contentType, String body, Map<String, String> headers) {
        static Answer json(int status, String body) {
            return new Answer(status, status >= 400 ? "application/problem+json" : "application/json", body, Map.of());
        }
    }

    private DsvClient client(Function<Recorded, Answer> handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> answer(exchange, handler));
        server.start();
        return DsvClient.builder().address("http://127.0.0.1:" + server.getAddress().getPort())
                .token("dsv.id.secret".toCharArray()).timeout(Duration.ofSeconds(5)).retries(2).build();
    }

    private void answer(HttpExchange exchange, Function<Recorded, Answer> handler) throws IOException {
        Recorded recorded = new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                exchange.getRequestHeaders().getFirst("Idempotency-Key"), exchange.getRequestHeaders().getFirst("If-Match"),
                exchange.getRequestHeaders().getFirst("Authorization"),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        requests.add(recorded);
        Answer answer = handler.apply(recorded);
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", answer.contentType());
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aCreateSendsTheValueEscapedAndTheTokenAndReturnsTheVersion() throws Exception {
        DsvClient dsv = client(r -> Answer.json(201, "{\"version\":1}"));
        assertThat(dsv.create("team-a", "db", "p\"a\\s\ns é😀".toCharArray())).isEqualTo(1);
        Recorded sent = requests.get(0);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.uri()).isEqualTo("/api/v1/secrets");
        assertThat(sent.authorization()).isEqualTo("Bearer dsv.id.secret");
        assertThat(sent.body()).isEqualTo("{\"user\":\"team-a\",\"secretName\":\"db\",\"secretValue\":\"p\\\"a\\\\s\\u000as é😀\"}");
        assertThat(sent.idempotencyKey()).as("every write carries a key").isNotBlank();
    }

    @Test
    void aWriteIsRetriedOnA503WithTheSameIdempotencyKey() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        DsvClient dsv = client(r -> calls.incrementAndGet() < 3
                ? Answer.json(503, "{\"code\":\"commit_unconfirmed\",\"detail\":\"unknown\"}")
                : Answer.json(200, "{\"version\":4}"));
        assertThat(dsv.update("ns", "k", "v".toCharArray(), 3L)).isEqualTo(4);
        assertThat(requests).hasSize(3);
        assertThat(requests).extracting(Recorded::idempotencyKey).containsOnly(requests.get(0).idempotencyKey());
        assertThat(requests).extracting(Recorded::ifMatch).containsOnly("\"3\"");
    }

    @Test
    void problemsBecomeTypedExceptionsWithCodeFieldAndLine() throws Exception {
        DsvClient dsv = client(r -> r.uri().startsWith("/api/v1/secrets/env")
                ? Answer.json(400, "{\"code\":\"invalid_request\",\"detail\":\"does not parse\",\"field\":\"envFileContent\",\"line\":3,\"column\":7}")
                : r.uri().startsWith("/api/v1/secrets/missing") ? Answer.json(404, "{\"code\":\"secret_not_found\",\"detail\":\"no\"}")
                : Answer.json(409, "{\"code\":\"secret_exists\",\"detail\":\"exists\",\"name\":\"db\"}"));
        assertThatThrownBy(() -> dsv.env("ns", "A=enc(x)\nB 'y'\nC=\n".toCharArray()))
                .isInstanceOfSatisfying(DsvException.InvalidRequest.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_request");
                    assertThat(e.field()).isEqualTo("envFileContent");
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.column()).isEqualTo(7);
                });
        assertThatThrownBy(() -> dsv.get("ns", "missing")).isInstanceOfSatisfying(DsvException.NotFound.class,
                e -> assertThat(e.code()).isEqualTo("secret_not_found"));
        assertThatThrownBy(() -> dsv.create("ns", "db", "v".toCharArray())).isInstanceOf(DsvException.Conflict.class);
        assertThat(requests).as("4xx is not retried").hasSize(3);
    }

    @Test
    void aReadReturnsTheBytesAndTheVersionFromTheEtag() throws Exception {
        DsvClient dsv = client(r -> new Answer(200, "text/plain", "s3cret", Map.of("ETag", "\"7\"")));
        Secret secret = dsv.get("ns", "db", 7);
        assertThat(secret.value()).isEqualTo("s3cret".getBytes(StandardCharsets.UTF_8));
        assertThat(secret.version()).isEqualTo(7);
        assertThat(secret.toString()).doesNotContain("s3cret");
        assertThat(requests.get(0).uri()).isEqualTo("/api/v1/secrets/db?user=ns&version=7");
        assertThat(requests.get(0).idempotencyKey()).isNull();
    }

    @Test
    void mintingATokenIsNeverRetriedSoNoSecondTokenIsMade() throws Exception {
        DsvClient dsv = client(r -> Answer.json(503, "{\"code\":\"metadata_unavailable\",\"detail\":\"down\"}"));
        assertThatThrownBy(() -> dsv.createToken("ci", Map.of("team-a", Set.of("read")), Duration.ofDays(1)))
                .isInstanceOf(DsvException.Unavailable.class);
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).body()).isEqualTo("{\"name\":\"ci\",\"policies\":{\"team-a\":[\"read\"]},\"expiresInSeconds\":86400}");
    }

    @Test
    void anUnreachableServerIsUnavailableAfterTheRetries() {
        DsvClient dsv = DsvClient.builder().address("http://127.0.0.1:1").token("t".toCharArray())
                .timeout(Duration.ofSeconds(1)).retries(1).build();
        assertThatThrownBy(() -> dsv.get("ns", "k")).isInstanceOfSatisfying(DsvException.Unavailable.class,
                e -> assertThat(e.status()).isZero());
    }

    @Test
    void aClientNeedsAToken() {
        assertThatThrownBy(() -> DsvClient.builder().build()).hasMessageContaining("token");
    }
}
