package io.dsv.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine here, so docker/compose.yaml is kept honest by reading it: every service it builds
 * is a module with a runnable jar, every DSV or Spring variable it sets binds to a property the
 * service declares, every published port is one the service listens on, and Prometheus scrapes them all.
 */
class ComposeFileTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** Properties Spring itself defines, which the service files need not repeat. */
    private static final Set<String> SPRING_OWN = Set.of("server.address", "server.port", "spring.profiles.active");

    @Test
    void everyBuiltServiceVariableAndPortExistsInTheProject() throws IOException {
        Map<String, Object> compose = load(ROOT.resolve("docker/compose.yaml"));
        Map<String, Object> services = cast(compose.get("services"));
        int built = 0;
        for (Map.Entry<String, Object> entry : services.entrySet()) {
            Map<String, Object> service = cast(entry.getValue());
            Map<String, Object> build = cast(service.get("build"));
            if (build == null) {
                continue;
            }
            built++;
            String module = (String) cast(build.get("args")).get("SERVICE");
            assertThat(ROOT.resolve(module).resolve("pom.xml")).as("module of %s", entry.getKey()).exists();
            assertThat(ROOT.resolve(build.get("context").toString().replace("..", ".")).resolve((String) build.get("dockerfile")))
                    .exists();
            Set<String> declared = declared(ROOT.resolve(module).resolve("src/main/resources/" + module + ".yml"));
            String port = cast(build.get("args")).get("PORT").toString();
            assertThat(declared).as("%s listens on %s", module, port).contains("server.port=" + port);
            Map<String, Object> environment = cast(service.get("environment"));
            for (String profile : String.valueOf(environment.get("SPRING_PROFILES_ACTIVE")).split(",")) {
                if (!profile.equals("null")) {
                    assertThat(declared).as("%s has a %s profile", module, profile)
                            .contains("spring.config.activate.on-profile=" + profile.trim());
                }
            }
            for (String variable : environment.keySet()) {
                if (variable.startsWith("DSV_") || variable.startsWith("SPRING_") || variable.startsWith("SERVER_")) {
                    String property = relaxed(variable);
                    boolean known = SPRING_OWN.stream().anyMatch(own -> relaxed(own).equals(property)) || declared.stream().anyMatch(d -> relaxed(d).equals(property));
                    assertThat(known).as("%s sets %s (%s): not a property of %s", entry.getKey(), variable, property, module)
                            .isTrue();
                }
            }
            // one identity per instance on the internal plane: its certificate names its role (the module's) and its id
            String role = module.replace("-service", "");
            Object id = environment.get("DSV_RPC_ID");
            assertThat(id).as("%s's DSV_RPC_ID", entry.getKey()).isNotNull();
            assertThat(environment).as(entry.getKey()).containsEntry("DSV_RPC_TLS_CA", "/tls/ca.crt")
                    .containsEntry("DSV_RPC_TLS_CERTIFICATE", "/tls/" + id + "." + role + ".dsv.crt")
                    .containsEntry("DSV_RPC_TLS_PRIVATE_KEY", "/tls/" + id + "." + role + ".dsv.key")
                    .doesNotContainKey("DSV_INTERNAL_KEY");
            assertThat(String.valueOf(service.get("volumes"))).as("%s mounts the certificates", entry.getKey())
                    .contains("./tls:/tls:ro");
            for (Object mapping : service.get("ports") == null ? List.of() : (List<?>) service.get("ports")) {
                String inside = mapping.toString().split(":")[1];
                assertThat(inside).isEqualTo(port);
            }
        }
        assertThat(built).isEqualTo(8);            // metadata, repair, five shard nodes, the gateway
        assertThat(services).containsKeys("kafka", "cassandra", "consul", "prometheus", "grafana");
        Map<String, Object> gateway = cast(cast(services.get("gateway")).get("environment"));
        assertThat(gateway).containsEntry("SPRING_PROFILES_ACTIVE", "consul").containsEntry("SPRING_CLOUD_CONSUL_HOST", "consul")
                .as("the gateway finds shard nodes and metadata in Consul, not in a static list")
                .doesNotContainKeys("DSV_CLUSTER_METADATA_0_ADDRESS", "DSV_CLUSTER_SHARDS_0_ADDRESS");
        assertThat(cast(services.get("consul"))).as("Consul's catalogue is not published on the host").doesNotContainKey("ports");

        String prometheus = Files.readString(ROOT.resolve("docker/prometheus/prometheus.yml"));
        for (String name : services.keySet()) {
            if (cast(services.get(name)).get("build") != null) {
                assertThat(prometheus).as("scraped: %s", name).contains("\"" + name + ":");
            }
        }
        String dashboard = Files.readString(ROOT.resolve("docker/grafana/dashboards/dsv.json"));
        assertThat(dashboard).contains("dsv_api_latency_seconds_bucket", "dsv_saga_outcomes_total", "dsv_read_shares_answered",
                "dsv_repair_requested_total", "kafka_consumer_fetch_manager_records_lag_max", "dsv_shard_shares_held");
    }

    /** Spring's relaxed binding, reduced to a comparable form: DSV_CLUSTER_SHARDS_0_ID ~ dsv.cluster.shards[0].id ~ dsvclustershards0id. */
    private static String relaxed(String name) {
        String key = name.contains("=") ? name.substring(0, name.indexOf('=')) : name;
        return key.toLowerCase(Locale.ROOT).replaceAll("[-_.\\[\\]]", "");
    }

    /** Every leaf of every document of a service's configuration file. */
    private static Set<String> declared(Path file) throws IOException {
        Set<String> out = new TreeSet<>();
        for (Object document : new Yaml().loadAll(Files.readString(file))) {
            out.addAll(flatten(cast(document)));
        }
        return out;
    }

    /** Every leaf as path=value, list items as path[i]. */
    private static Set<String> flatten(Map<String, Object> yaml) {
        Set<String> out = new TreeSet<>();
        flatten("", yaml, out);
        return out;
    }

    private static void flatten(String prefix, Object node, Set<String> out) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? k.toString() : prefix + "." + k, v, out));
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), out);
            }
        } else {
            out.add(prefix + "=" + node);
        }
    }

    private static Map<String, Object> load(Path file) throws IOException {
        return cast(new Yaml().load(Files.readString(file)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return o == null ? null : (Map<String, Object>) o;
    }

}
