package io.dsv.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import com.sun.net.httpserver.HttpServer;
import io.dsv.client.discovery.ServiceLocator;
import io.dsv.client.kafka.TxPartitions;
import io.dsv.core.domain.ErrorCode;
import io.dsv.core.domain.SecretId;
import io.dsv.core.protocol.VersionView;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.web.client.RestClient;

/**
 * The gateway's side of metadata scale-out, against two small HTTP servers that play two metadata
 * instances: a look-up goes to the owner of its key's partition, follows a partition that moved, and
 * fails closed on any refusal but "not found".
 */
class MetadataClientTest {

    private final Instance a = new Instance();
    private final Instance b = new Instance();

    @AfterEach
    void stop() {
        a.server.stop(0);
        b.server.stop(0);
    }

    @Test
    void aLookUpGoesToTheOwnerOfItsKeysPartitionAndFollowsItWhenItMoves() throws Exception {
        SecretId id = new SecretId("ns", "k");
        int partition = TxPartitions.of(id.key());
        a.owns.add(partition);
        MetadataClient client = client();
        assertThat(client.lookup(id, null, null).version()).isEqualTo(7);
        assertThat(a.lookups.get()).isEqualTo(1);

        a.owns.remove(partition);                                    // a rebalance moves it to b
        b.owns.add(partition);
        assertThat(client.lookup(id, null, null).version()).isEqualTo(7);
        assertThat(b.lookups.get()).isEqualTo(1);
        assertThat(a.misdirected.get()).isEqualTo(1);                 // a answered 421 once
        client.destroy();
    }

    @Test
    void onlyA404IsNotFoundAnyOtherRefusalFailsClosed() throws Exception {
        SecretId id = new SecretId("ns", "k");
        a.owns.add(TxPartitions.of(id.key()));
        MetadataClient client = client();
        a.status = 404;
        assertThatThrownBy(() -> client.lookup(id, 3L, null)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.VERSION_NOT_FOUND));
        a.status = 401;                                              // an expired service token, say
        assertThatThrownBy(() -> client.lookup(id, null, null)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.METADATA_UNAVAILABLE));
        a.status = 400;
        assertThatThrownBy(() -> client.versions(id)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.METADATA_UNAVAILABLE));
        client.destroy();
    }

    @Test
    void withNoOwnerTheLookUpFailsClosedAfterItsPatience() throws Exception {
        MetadataClient client = client();
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.lookup(new SecretId("ns", "orphan"), null, null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.METADATA_UNAVAILABLE));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(400), Duration.ofSeconds(5));
        client.destroy();
    }

    @Test
    void aTokenIsAskedOfTheNextInstanceWhenOneIsGone() throws Exception {
        MetadataClient client = client();
        a.server.stop(0);
        assertThat(client.token("missing")).isNull();                 // b answers 404: no such token
        assertThat(b.tokens.get()).isEqualTo(1);
        client.destroy();
    }

    private MetadataClient client() {
        ClusterProperties cluster = new ClusterProperties(5, 3, 4, 1, Duration.ofMillis(500),
                a.url() + "," + b.url(), List.of());
        return new MetadataClient(cluster, new ServiceLocator(mock(DiscoveryClient.class), cluster), RestClient.builder());
    }

    /** One metadata instance: the partitions it owns, look-ups it answers (or refuses), tokens it does not know. */
    private static final class Instance {
        final Set<Integer> owns = ConcurrentHashMap.newKeySet();
        final AtomicInteger lookups = new AtomicInteger();
        final AtomicInteger misdirected = new AtomicInteger();
        final AtomicInteger tokens = new AtomicInteger();
        volatile int status = 200;
        final HttpServer server;

        Instance() {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            server.createContext("/internal/partitions", exchange -> reply(exchange, 200, "{\"ready\":"
                    + owns.stream().sorted().toList().toString().replace(" ", "") + "}"));
            server.createContext("/internal/tokens/", exchange -> {
                tokens.incrementAndGet();
                reply(exchange, 404, "{}");
            });
            server.createContext("/internal/secrets/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                String key = path.substring("/internal/secrets/".length()).replaceAll("/versions$", "");
                if (!owns.contains(TxPartitions.of(key))) {
                    misdirected.incrementAndGet();
                    reply(exchange, 421, "{\"code\":\"not_owner\"}");
                } else if (status != 200) {
                    reply(exchange, status, "{}");
                } else {
                    lookups.incrementAndGet();
                    VersionView view = new VersionView("ns", "k", 7, "tx", "CREATE", "active", null, null, List.of(), "w");
                    reply(exchange, 200, "{\"namespace\":\"ns\",\"name\":\"k\",\"version\":7,\"txId\":\"tx\","
                            + "\"operation\":\"CREATE\",\"state\":\"active\",\"holders\":[],\"writer\":\"" + view.writer() + "\"}");
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private static void reply(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }
    }
}
