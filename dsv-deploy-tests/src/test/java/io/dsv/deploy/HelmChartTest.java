package io.dsv.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** {@code helm lint} and {@code helm template} on helm/dsv (embedded Helm), and what the rendered manifests promise. */
class HelmChartTest {

    private static final Path CHART = Path.of("..", "helm", "dsv").toAbsolutePath().normalize();

    @Test
    void theChartLintsClean() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void theRenderedManifestsHoldWhatTheChartPromises() {
        List<Map<String, Object>> docs = render(new Helm(CHART).template().withName("prod").withNamespace("vault"));

        // one StatefulSet of one pod per shard node, so that each pod mounts only its own secrets
        assertThat(docs.stream().filter(d -> "StatefulSet".equals(d.get("kind")))
                .map(d -> at(d, "metadata.name"))).contains("prod-dsv-shard-0", "prod-dsv-shard-4")
                .doesNotContain("prod-dsv-shard", "prod-dsv-shard-5");
        Map<String, Object> shards = find(docs, "StatefulSet", "prod-dsv-shard-3");
        assertThat(at(shards, "spec.replicas")).isEqualTo(1);
        assertThat(at(shards, "spec.volumeClaimTemplates[0].metadata.name")).isEqualTo("keys");
        assertThat(at(shards, "spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey"))
                .isEqualTo("kubernetes.io/hostname");
        assertThat(at(shards, "spec.template.spec.securityContext.runAsNonRoot")).isEqualTo(true);
        assertThat(env(shards)).containsKeys("DSV_SHARD_NODE_ID", "DSV_SHARD_DATA_DIR", "SPRING_CASSANDRA_CONTACT_POINTS",
                "SPRING_KAFKA_BOOTSTRAP_SERVERS").doesNotContainKey("DSV_INTERNAL_KEY");
        // each shard pod is its own instance on the internal plane: its node id picks its certificate from the Secret
        assertThat(env(shards)).containsEntry("DSV_RPC_PORT", "18090").containsEntry("DSV_RPC_ID", "prod-dsv-shard-3")
                .containsEntry("DSV_SHARD_NODE_ID", "prod-dsv-shard-3")
                .containsEntry("DSV_RPC_TLS_CA", "/etc/dsv/tls/ca.crt")
                .containsEntry("DSV_RPC_TLS_CERTIFICATE", "/etc/dsv/tls/$(DSV_RPC_ID).shard.dsv.crt")
                .containsEntry("DSV_RPC_TLS_PRIVATE_KEY", "/etc/dsv/tls/$(DSV_RPC_ID).shard.dsv.key");
        assertIdComesFirst(shards);
        assertThat(at(shards, "spec.template.spec.volumes[0].secret.secretName")).isEqualTo("prod-dsv-internal-tls");
        // a shard pod holds the CA and its own pair only: never another node's, the gateway's or repair's key
        List<Object> shardFiles = castList(at(shards, "spec.template.spec.volumes[0].secret.items"));
        assertThat(shardFiles).extracting(i -> at(cast(i), "path")).containsExactly("ca.crt", "prod-dsv-shard-3.shard.dsv.crt",
                "prod-dsv-shard-3.shard.dsv.key");
        assertThat(castList(at(find(docs, "Deployment", "prod-dsv-gateway"), "spec.template.spec.volumes[0].secret.items")))
                .extracting(i -> at(cast(i), "path")).containsExactly("ca.crt", "prod-dsv-gateway.gateway.dsv.crt",
                        "prod-dsv-gateway.gateway.dsv.key");
        assertThat(env(shards)).as("no Cassandra credentials unless asked for").doesNotContainKey("SPRING_CONFIG_IMPORT");

        assertThat(at(find(docs, "PodDisruptionBudget", "prod-dsv-shard"), "spec.maxUnavailable")).isEqualTo(1);   // n - W = 5 - 4
        Map<String, Object> gateway = find(docs, "Deployment", "prod-dsv-gateway");
        assertThat(env(gateway)).containsKeys("DSV_CLUSTER_N", "DSV_CLUSTER_K", "DSV_CLUSTER_W", "DSV_AUTH_MODE")
                .containsEntry("DSV_CLUSTER_SHARDS_4_ID", "prod-dsv-shard-4")
                .containsEntry("DSV_CLUSTER_SHARDS_4_ADDRESS", "prod-dsv-shard-4-0.prod-dsv-shard:18090")
                .containsEntry("DSV_RPC_ID", "prod-dsv-gateway")
                .containsEntry("DSV_RPC_TLS_CERTIFICATE", "/etc/dsv/tls/$(DSV_RPC_ID).gateway.dsv.crt")
                .doesNotContainKey("DSV_RPC_PORT");
        assertIdComesFirst(gateway);
        assertThat(find(docs, "HorizontalPodAutoscaler", "prod-dsv-gateway")).isNotNull();
        Map<String, Object> metadata = find(docs, "StatefulSet", "prod-dsv-metadata");
        assertThat(env(metadata)).containsKeys("DSV_CLUSTER_N", "DSV_CLUSTER_K", "DSV_CLUSTER_W", "DSV_METADATA_INSTANCE_ID")
                .containsEntry("DSV_RPC_TLS_PRIVATE_KEY", "/etc/dsv/tls/$(DSV_RPC_ID).metadata.dsv.key");
        assertIdComesFirst(metadata);
        assertThat(at(metadata, "spec.replicas")).isEqualTo(2);
        // every instance addressed on its own: look-ups go to the owner of the key's partition
        assertThat(env(gateway)).containsEntry("DSV_CLUSTER_METADATA_0_ID", "prod-dsv-metadata-0")
                .containsEntry("DSV_CLUSTER_METADATA_0_ADDRESS", "prod-dsv-metadata-0.prod-dsv-metadata:18070")
                .containsEntry("DSV_CLUSTER_METADATA_1_ADDRESS", "prod-dsv-metadata-1.prod-dsv-metadata:18070")
                .doesNotContainKey("DSV_CLUSTER_METADATA_2_ADDRESS");
        Map<String, Object> repair = find(docs, "Deployment", "prod-dsv-repair");
        assertThat(env(repair)).containsKey("DSV_CLUSTER_SHARDS_0_ID").containsEntry("DSV_RPC_ID", "prod-dsv-repair")
                .containsEntry("DSV_RPC_PORT", "18060");
        assertIdComesFirst(repair);
        Map<String, Object> cluster = find(docs, "ConfigMap", "prod-dsv-cluster");
        assertThat(at(cluster, "data")).isEqualTo(Map.of("shares", "5", "threshold", "3", "write-quorum", "4"));
        // no shared key anywhere: the chart renders no Secret, it mounts the certificates the operator issued
        assertThat(docs).noneMatch(d -> "Secret".equals(d.get("kind")));
        assertThat(at(find(docs, "ServiceMonitor", "prod-dsv"), "spec.endpoints[0].path")).isEqualTo("/actuator/prometheus");

        Map<String, Object> shardPolicy = find(docs, "NetworkPolicy", "prod-dsv-shard");
        List<Object> from = castList(at(shardPolicy, "spec.ingress[0].from"));
        assertThat(from).extracting(f -> at(cast(f), "podSelector.matchLabels.app.kubernetes.io/component"))
                .containsExactlyInAnyOrder("gateway", "repair");
        assertThat(at(shardPolicy, "spec.ingress[0].ports[0].port")).isEqualTo(18090);
        assertThat(at(find(docs, "NetworkPolicy", "prod-dsv-metadata"), "spec.ingress[0].ports[0].port")).isEqualTo(18070);

        // Issue 13: the gateway's Actuator is on a port of its own, which only observers reach; probes and
        // Prometheus use it, never the API port
        assertThat(at(gateway, "spec.template.spec.containers[0].readinessProbe.httpGet.port")).isEqualTo("management");
        assertThat(at(gateway, "spec.template.spec.containers[0].livenessProbe.httpGet.port")).isEqualTo("management");
        assertThat(env(gateway)).containsEntry("MANAGEMENT_SERVER_PORT", "18080");
        assertThat(castList(at(find(docs, "Service", "prod-dsv-gateway"), "spec.ports")))
                .extracting(p -> at(cast(p), "name")).containsExactly("api", "management");
        assertThat(castList(at(find(docs, "ServiceMonitor", "prod-dsv"), "spec.endpoints")))
                .extracting(e -> at(cast(e), "port")).containsExactly("http", "management");
        Map<String, Object> gatewayPolicy = find(docs, "NetworkPolicy", "prod-dsv-gateway");
        assertThat(at(gatewayPolicy, "spec.ingress[0].ports[0].port")).isEqualTo(8080);
        assertThat(at(gatewayPolicy, "spec.ingress[0].from")).as("the API is open").isNull();
        assertThat(at(gatewayPolicy, "spec.ingress[1].ports[0].port")).isEqualTo(18080);
        assertThat(castList(at(gatewayPolicy, "spec.ingress[1].from"))).isNotEmpty();
    }

    /** Kubernetes expands $(DSV_RPC_ID) only from entries defined before the one that names it. */
    private static void assertIdComesFirst(Map<String, Object> workload) {
        List<String> names = new ArrayList<>(env(workload).keySet());
        assertThat(names.indexOf("DSV_RPC_ID")).as("DSV_RPC_ID in %s", names).isNotNegative()
                .isLessThan(names.indexOf("DSV_RPC_TLS_CERTIFICATE"));
    }

    /** Issue 13: each metadata and shard pod reads its own Cassandra role from the Secret, and only its own. */
    @Test
    void withCassandraCredentialsEachPodGetsItsOwnRoleOnly() {
        List<Map<String, Object>> docs = render(new Helm(CHART).template().withName("prod")
                .set("cassandra.credentialsSecret", "dsv-cassandra-roles"));
        for (String[] workload : new String[][] {{"prod-dsv-shard-2", "1"}, {"prod-dsv-metadata", "2"}}) {
            Map<String, Object> set = find(docs, "StatefulSet", workload[0]);
            assertThat(env(set)).containsEntry("SPRING_CONFIG_IMPORT", "optional:configtree:/etc/dsv/cassandra/$(DSV_RPC_ID)/");
            List<String> names = new ArrayList<>(env(set).keySet());
            assertThat(names.indexOf("DSV_RPC_ID")).isLessThan(names.indexOf("SPRING_CONFIG_IMPORT"));
            Map<String, Object> volume = castList(at(set, "spec.template.spec.volumes")).stream().map(v -> cast(v))
                    .filter(v -> "cassandra-role".equals(v.get("name"))).findFirst().orElseThrow();
            assertThat(at(volume, "secret.secretName")).isEqualTo("dsv-cassandra-roles");
            int pods = Integer.parseInt(workload[1]);
            List<Object> paths = castList(at(volume, "secret.items")).stream().map(i -> at(cast(i), "path")).toList();
            if (pods == 1) {                                       // a shard node: its own role only
                assertThat(paths).containsExactly(workload[0] + "/spring.cassandra.username",
                        workload[0] + "/spring.cassandra.password");
            } else {
                assertThat(paths).hasSize(2 * pods).contains(workload[0] + "-0/spring.cassandra.password",
                        workload[0] + "-" + (pods - 1) + "/spring.cassandra.username");
            }
        }
    }

    /**
     * Issue 13: with Kafka users, every pod reads its own user's login (a shard pod its own, the others their
     * role's) from the Secret as a config tree, beside its Cassandra role, and creates no topic; the gateways
     * share one request MAC key.
     */
    @Test
    void withKafkaCredentialsEachPodGetsItsOwnUserOnlyAndGatewaysShareTheRequestMacKey() {
        List<Map<String, Object>> docs = render(new Helm(CHART).template().withName("prod")
                .set("kafka.credentialsSecret", "dsv-kafka-users").set("cassandra.credentialsSecret", "dsv-cassandra-roles")
                .set("gateway.requestMacSecret", "dsv-request-mac"));
        Map<String, Object> shards = find(docs, "StatefulSet", "prod-dsv-shard-1");
        assertThat(env(shards)).containsEntry("SPRING_CONFIG_IMPORT", "optional:configtree:/etc/dsv/kafka/$(DSV_RPC_ID)/,"
                + "optional:configtree:/etc/dsv/cassandra/$(DSV_RPC_ID)/")
                .containsEntry("SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("SPRING_KAFKA_ADMIN_AUTO_CREATE", "false");
        assertThat(kafkaItems(shards)).containsExactly("prod-dsv-shard-1/spring.kafka.properties.sasl.jaas.config");
        for (String[] workload : new String[][] {{"Deployment", "prod-dsv-gateway", "gateway"},
                {"Deployment", "prod-dsv-repair", "repair"}, {"StatefulSet", "prod-dsv-metadata", "metadata"}}) {
            Map<String, Object> w = find(docs, workload[0], workload[1]);
            assertThat(kafkaItems(w)).as(workload[1]).containsExactly(workload[2] + "/spring.kafka.properties.sasl.jaas.config");
            assertThat(env(w).get("SPRING_CONFIG_IMPORT").toString()).as(workload[1])
                    .startsWith("optional:configtree:/etc/dsv/kafka/" + workload[2] + "/");
        }
        assertThat(env(find(docs, "Deployment", "prod-dsv-gateway")).get("SPRING_CONFIG_IMPORT").toString())
                .as("the gateway has no Cassandra role").doesNotContain("cassandra");
        Map<String, Object> gateway = find(docs, "Deployment", "prod-dsv-gateway");
        assertThat(env(gateway)).containsEntry("DSV_GATEWAY_REQUEST_MAC_KEY_FILE", "/etc/dsv/request-mac/request-mac.key");
        assertThat(castList(at(gateway, "spec.template.spec.volumes")).stream().map(v -> cast(v))
                .filter(v -> "request-mac".equals(v.get("name"))).findFirst().orElseThrow())
                .satisfies(v -> assertThat(at(v, "secret.secretName")).isEqualTo("dsv-request-mac"));
        assertThat(env(find(render(new Helm(CHART).template().withName("prod")), "Deployment", "prod-dsv-gateway")))
                .as("without Secrets, nothing of this is rendered")
                .doesNotContainKeys("SPRING_CONFIG_IMPORT", "SPRING_KAFKA_SECURITY_PROTOCOL", "DSV_GATEWAY_REQUEST_MAC_KEY_FILE");
    }

    private static List<Object> kafkaItems(Map<String, Object> workload) {
        Map<String, Object> volume = castList(at(workload, "spec.template.spec.volumes")).stream().map(v -> cast(v))
                .filter(v -> "kafka-user".equals(v.get("name"))).findFirst().orElseThrow();
        assertThat(at(volume, "secret.secretName")).isEqualTo("dsv-kafka-users");
        return castList(at(volume, "secret.items")).stream().map(i -> at(cast(i), "path")).toList();
    }

    @Test
    void withConsulEveryServiceRunsTheConsulProfileAndNoStaticAddressIsRendered() {
        List<Map<String, Object>> docs = render(new Helm(CHART).template().withName("prod")
                .set("consul.enabled", true).set("consul.host", "consul-server.consul")
                .set("consul.aclTokenSecret", "consul-acl"));
        for (String workload : List.of("Deployment/prod-dsv-gateway", "Deployment/prod-dsv-repair",
                "StatefulSet/prod-dsv-metadata", "StatefulSet/prod-dsv-shard-0")) {
            String[] kindName = workload.split("/");
            Map<String, Object> env = env(find(docs, kindName[0], kindName[1]));
            assertThat(env).as(workload).containsEntry("SPRING_PROFILES_ACTIVE", "consul")
                    .containsEntry("SPRING_CLOUD_CONSUL_HOST", "consul-server.consul")
                    .containsKey("SPRING_CLOUD_CONSUL_DISCOVERY_ACL_TOKEN")
                    .doesNotContainKeys("DSV_CLUSTER_METADATA_0_ADDRESS", "DSV_CLUSTER_SHARDS_0_ID");
        }
        // Consul's checks (and Prometheus) reach the shard port; the gateway and repair still do
        Map<String, Object> shardPolicy = find(docs, "NetworkPolicy", "prod-dsv-shard");
        assertThat(castList(at(shardPolicy, "spec.ingress[1].from")))
                .extracting(f -> at(cast(f), "podSelector.matchLabels.app")).contains("consul");
    }

    @Test
    void valuesChangeTheShapeAndImpossibleSharingIsRefused() {
        List<Map<String, Object>> docs = render(new Helm(CHART).template().withName("big")
                .set("shard.replicas", 7).set("cluster.shares", 7).set("cluster.threshold", 4).set("cluster.writeQuorum", 5)
                .set("gateway.autoscaling.enabled", false).set("networkPolicies.enabled", false)
                .set("internalTls.secretName", "pki-from-elsewhere"));
        assertThat(at(find(docs, "StatefulSet", "big-dsv-shard-6"), "spec.replicas")).isEqualTo(1);
        assertThat(at(find(docs, "PodDisruptionBudget", "big-dsv-shard"), "spec.maxUnavailable")).isEqualTo(2);
        assertThat(env(find(docs, "Deployment", "big-dsv-gateway"))).containsKey("DSV_CLUSTER_SHARDS_6_ID");
        assertThat(at(find(docs, "Deployment", "big-dsv-gateway"), "spec.template.spec.volumes[0].secret.secretName"))
                .isEqualTo("pki-from-elsewhere");
        assertThat(docs).noneMatch(d -> "HorizontalPodAutoscaler".equals(d.get("kind")) || "NetworkPolicy".equals(d.get("kind")));

        assertThatThrownBy(() -> new Helm(CHART).template().withName("bad").set("cluster.writeQuorum", 6).call())
                .hasMessageContaining("k <= w <= n");
    }

    private static List<Map<String, Object>> render(com.marcnuri.helm.TemplateCommand command) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(command.call())) {
            if (doc != null) {
                docs.add(cast(doc));
            }
        }
        return docs;
    }

    private static Map<String, Object> find(List<Map<String, Object>> docs, String kind, String name) {
        return docs.stream().filter(d -> kind.equals(d.get("kind")) && name.equals(at(d, "metadata.name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in the rendered chart"));
    }

    private static Map<String, Object> env(Map<String, Object> workload) {
        Map<String, Object> env = new java.util.LinkedHashMap<>();
        for (Object entry : castList(at(workload, "spec.template.spec.containers[0].env"))) {
            env.put((String) cast(entry).get("name"), cast(entry).get("value"));
        }
        return env;
    }

    /** A tiny path language: a.b[0].c, where a key may itself hold dots after a matchLabels step. */
    private static Object at(Map<String, Object> root, String path) {
        Object current = root;
        String[] steps = path.split("\\.(?![^.]*/)");
        for (int i = 0; i < steps.length; i++) {
            String step = steps[i];
            if (current == null) {
                return null;
            }
            if (step.endsWith("]")) {
                String key = step.substring(0, step.indexOf('['));
                int index = Integer.parseInt(step.substring(step.indexOf('[') + 1, step.length() - 1));
                current = castList(cast(current).get(key)).get(index);
            } else if ("matchLabels".equals(steps[Math.max(0, i - 1)]) || cast(current).containsKey(String.join(".",
                    java.util.Arrays.copyOfRange(steps, i, steps.length)))) {
                return cast(current).get(String.join(".", java.util.Arrays.copyOfRange(steps, i, steps.length)));
            } else {
                current = cast(current).get(step);
            }
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(Object o) {
        return (List<Object>) o;
    }
}
