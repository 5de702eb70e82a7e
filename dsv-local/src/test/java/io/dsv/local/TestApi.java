package io.dsv.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The public API as a test drives it, for one namespace, through the shared cluster's two gateways;
 * and the checks that look past the API, straight into Cassandra.
 */
final class TestApi {

    final String ns;
    final String gw1;
    final String gw2;
    final LocalCluster cluster;
    final CqlSession cql;

    TestApi(String namespace) {
        this.ns = namespace;
        this.cluster = SharedCluster.cluster();
        this.cql = SharedCluster.cql();
        this.gw1 = cluster.gatewayUrl(0) + "/api/v1/secrets";
        this.gw2 = cluster.gatewayUrl(1) + "/api/v1/secrets";
    }

    String read(String gateway, String name, Long version) {
        HttpResponse<String> response = Http.get(gateway + "/" + name + "?user=" + ns + (version == null ? "" : "&version=" + version));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    String create(String name, String value) {
        return "{\"user\":\"" + ns + "\",\"secretName\":\"" + name + "\",\"secretValue\":\"" + value + "\"}";
    }

    String update(String name, String value) {
        return "{\"user\":\"" + ns + "\",\"secretCurrentName\":\"" + name + "\",\"secretUpdatedValue\":\"" + value + "\"}";
    }

    String delete(String name) {
        return "{\"user\":\"" + ns + "\",\"deleteName\":\"" + name + "\"}";
    }

    static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"code\":\"" + code + "\"").doesNotContain("Exception").doesNotContain("\tat ");
    }

    static void assertField(HttpResponse<String> response, String field) {
        assertProblem(response, 400, "invalid_request");
        assertThat(response.body()).contains("\"field\":\"" + field + "\"");
    }

    /** Share rows for the key across every shard node's keyspace, read straight from Cassandra. */
    long sharesOf(String name) {
        long rows = 0;
        for (int i = 0; i < cluster.settings().shards(); i++) {
            rows += sharesOn(i, name);
        }
        return rows;
    }

    /**
     * Shares of the key in one shard node's keyspace (the rows stay in Cassandra while the node is down);
     * the marker of a share dropped (aborted or destroyed) holds none and is not counted.
     */
    long sharesOn(int shardIndex, String name) {
        String keyspace = "dsv_shard_" + cluster.settings().shardId(shardIndex).replace('-', '_');
        return cql.execute("SELECT state FROM " + keyspace + ".shares WHERE namespace = ? AND name = ?", ns, name)
                .all().stream().filter(row -> List.of("PENDING", "COMMITTED").contains(row.getString(0))).count();
    }

    /** Committed versions of the key in metadata. */
    long metadataRows(String name) {
        return cql.execute("SELECT count(*) FROM dsv_metadata.secret_versions WHERE namespace = ? AND name = ?",
                ns, name).one().getLong(0);
    }

    /** Nothing of the key anywhere: no version in metadata, no share on any node (aborts apply asynchronously). */
    void assertNothingStored(String name) {
        assertThat(metadataRows(name)).as("versions of %s in metadata", name).isZero();
        try {
            eventually(Duration.ofSeconds(15), () -> sharesOf(name) == 0);
        } catch (AssertionError e) {
            throw new AssertionError(sharesOf(name) + " shares of " + name + " are still stored", e);
        }
    }

    static void eventually(Duration timeout, BooleanSupplier condition) {
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
}
