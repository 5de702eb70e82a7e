package io.dsv.local;

import static io.dsv.local.TestApi.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.dsv.client.ReplyRouter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 7, discovery: in the consul profile a shard node registers itself (readiness as its health
 * check; ring name, weight and public key as metadata) and leaves on shutdown, and a gateway told
 * nothing but the cluster's shape finds metadata and the shard nodes through Consul and serves reads
 * and writes. The agent is {@link FakeConsulAgent} (no Consul binary here); everything else is real.
 */
@ExtendWith(SharedCluster.class)
@Order(9)
class ConsulDiscoveryTest {

    static TestApi api;

    @BeforeAll
    static void useCluster() {
        api = new TestApi("consul");
    }

    @Test
    void aShardNodeRegistersWithItsReadinessCheckRingNameWeightAndPublicKeyAndLeavesOnShutdown() throws Exception {
        int port = api.cluster.settings().firstShardPort() + 6;
        try (FakeConsulAgent consul = new FakeConsulAgent()) {
            Map<String, Object> registration;
            try (ConfigurableApplicationContext shard = api.cluster.startConsulShard("shard-consul", port, consul.port())) {
                registration = consul.registered.get("shard-consul");
                assertThat(registration).as("registered: %s", consul.requests).isNotNull();
                assertThat(registration.get("Name")).isEqualTo("shard-service");
                assertThat(registration.get("Port")).isEqualTo(port);
                @SuppressWarnings("unchecked")
                Map<String, String> meta = (Map<String, String>) registration.get("Meta");
                String rpcPort = Integer.toString(api.cluster.settings().rpcPort(port));
                byte[] publicKey = api.cluster.operator().identity("shard-consul", "127.0.0.1:" + rpcPort)
                        .getPublicKey().toByteArray();
                assertThat(meta).containsEntry("node-id", "shard-consul").containsEntry("weight", "1")
                        .containsEntry("rpc-port", rpcPort)
                        .containsEntry("public-key", java.util.Base64.getEncoder().encodeToString(publicKey));
                @SuppressWarnings("unchecked")
                String check = ((Map<String, Object>) registration.get("Check")).get("HTTP").toString();
                assertThat(check).isEqualTo("http://127.0.0.1:" + port + "/actuator/health/readiness");
                HttpResponse<String> ready = Http.get(check);
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
                assertThat(ready.body()).contains("\"cassandra\"", "\"kafka\"");
            }
            assertThat(consul.deregistered).contains("shard-consul");
            assertThat(consul.registered).doesNotContainKey("shard-consul");
        }
    }

    @Test
    void aGatewayInTheConsulProfileFindsMetadataAndTheShardNodesThroughConsul() throws Exception {
        int port = api.cluster.settings().spareGatewayPort();
        try (FakeConsulAgent consul = new FakeConsulAgent()) {
            registerTheRunningCluster(consul);
            try (ConfigurableApplicationContext gateway = api.cluster.startConsulGateway(port, consul.port())) {
                assertThat(gateway.getBean(ReplyRouter.class).awaitReady(Duration.ofSeconds(60))).isTrue();
                assertThat(consul.registered.values()).anySatisfy(r -> assertThat(r.get("Name")).isEqualTo("gateway-service"));
                // Actuator is on the management port only: Consul checks the gateway there (issue 13)
                Map<String, Object> registration = consul.registered.values().stream()
                        .filter(r -> "gateway-service".equals(r.get("Name"))).findFirst().orElseThrow();
                @SuppressWarnings("unchecked")
                String check = ((Map<String, Object>) registration.get("Check")).get("HTTP").toString();
                assertThat(check).isEqualTo(api.cluster.managementUrl(port) + "/actuator/health/readiness");
                assertThat(Http.get(check).statusCode()).isEqualTo(200);
                String viaConsul = "http://127.0.0.1:" + port + "/api/v1/secrets";

                HttpResponse<String> created = Http.post(viaConsul, api.create("found", "through-consul"));
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                assertThat(api.read(viaConsul, "found", null)).isEqualTo("through-consul");
                assertThat(api.read(api.gw1, "found", null)).isEqualTo("through-consul");
                assertThat(consul.requests).contains("GET /v1/health/service/shard-service",
                        "GET /v1/health/service/metadata-service");

            }
            eventually(Duration.ofSeconds(5), () -> consul.registered.values().stream()
                    .noneMatch(r -> "gateway-service".equals(r.get("Name"))));
        }
    }

    /**
     * Issue 13: with Consul's ACLs on, a gateway given the ACL token registers and discovers through the
     * agent; the agent refuses every call without it (so the token is really sent, not ignored).
     */
    @Test
    void withConsulAclsOnAGatewayGivenTheTokenRegistersAndDiscovers() throws Exception {
        int port = api.cluster.settings().spareGatewayPort();
        try (FakeConsulAgent consul = new FakeConsulAgent("acl-secret-for-dsv")) {
            registerTheRunningCluster(consul);
            try (ConfigurableApplicationContext gateway = api.cluster.startConsulGateway(port, consul.port(),
                    "--spring.cloud.consul.discovery.acl-token=acl-secret-for-dsv")) {
                assertThat(gateway.getBean(ReplyRouter.class).awaitReady(Duration.ofSeconds(60))).isTrue();
                assertThat(consul.registered.values()).anySatisfy(r -> assertThat(r.get("Name")).isEqualTo("gateway-service"));
                String viaConsul = "http://127.0.0.1:" + port + "/api/v1/secrets";
                HttpResponse<String> created = Http.post(viaConsul, api.create("found-with-acl", "behind-acls"));
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                assertThat(api.read(viaConsul, "found-with-acl", null)).isEqualTo("behind-acls");
                assertThat(consul.refused).as("every call carried the token").isEmpty();
                // and the agent does refuse a call without it
                assertThat(Http.get("http://127.0.0.1:" + consul.port() + "/v1/health/service/shard-service").statusCode())
                        .isEqualTo(403);
            }
        }
    }

    /** What metadata and the five shard nodes would have registered, were they in the consul profile. */
    private static void registerTheRunningCluster(FakeConsulAgent consul) {
        for (int i = 0; i < api.cluster.settings().metadataInstances(); i++) {
            int port = api.cluster.settings().firstMetadataPort() + i;
            consul.register(api.cluster.settings().metadataId(i), "metadata-service", "127.0.0.1", port,
                    Map.of("instance-id", api.cluster.settings().metadataId(i),
                            "rpc-port", Integer.toString(api.cluster.settings().rpcPort(port))),
                    api.cluster.metadataUrl(i) + "/actuator/health/readiness");
        }
        for (int i = 0; i < api.cluster.settings().shards(); i++) {
            String nodeId = api.cluster.settings().shardId(i);
            int port = api.cluster.settings().firstShardPort() + i;
            String publicKey = java.util.Base64.getEncoder().encodeToString(api.cluster.operator()
                    .identity(nodeId, api.cluster.shardAddress(i)).getPublicKey().toByteArray());
            consul.register(nodeId, "shard-service", "127.0.0.1", port,
                    Map.of("node-id", nodeId, "weight", "1", "public-key", publicKey,
                            "rpc-port", Integer.toString(api.cluster.settings().rpcPort(port))),
                    api.cluster.shardUrl(i) + "/actuator/health/readiness");
        }
    }
}
