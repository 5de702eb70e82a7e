package io.dsv.local;

import static io.dsv.local.TestApi.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.Row;
import io.dsv.client.ReplyRouter;
import io.dsv.core.seal.X25519Keys;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 13: a shard node's public key is pinned in metadata at first sight. A writer that meets a node
 * presenting another key than the recorded one seals nothing to it (the write still commits on the other
 * holders), until an operator forgets the recorded key on purpose.
 */
@ExtendWith(SharedCluster.class)
@Order(14)
class NodeKeyPinTest {

    @Test
    void aNodePresentingAnotherKeyThanTheRecordedOneGetsNoShareUntilTheOperatorForgetsIt() throws Exception {
        TestApi api = new TestApi("pins");
        LocalCluster cluster = api.cluster;
        String node = cluster.settings().shardId(4);
        byte[] real = cluster.operator().identity(node, cluster.shardAddress(4)).getPublicKey().toByteArray();
        assertThat(recorded(api, node)).as("pinned when the gateways first sealed to it").isEqualTo(real);

        // what a thief with the node's certificate but a key of its own would look like: the recorded key differs
        byte[] other = X25519Keys.rawPublicKey(X25519Keys.generate().getPublic());
        api.cql.execute("UPDATE dsv_metadata.node_keys SET public_key = ? WHERE node_id = ?", ByteBuffer.wrap(other), node);
        int port = cluster.settings().spareGatewayPort();
        try (ConfigurableApplicationContext fresh = cluster.startExtraGateway(port)) {      // no key cached yet
            assertThat(fresh.getBean(ReplyRouter.class).awaitReady(Duration.ofSeconds(60))).isTrue();
            String gateway = "http://127.0.0.1:" + port + "/api/v1/secrets";
            assertThat(Http.post(gateway, api.create("while-refused", "v1")).statusCode()).isEqualTo(201);
            eventually(Duration.ofSeconds(10), () -> shares(api, "dsv_shard_shard_1", "while-refused") == 1);
            assertThat(shares(api, "dsv_shard_" + node.replace('-', '_'), "while-refused"))
                    .as("nothing sealed to a key other than the recorded one").isZero();

            assertThat(cluster.operator().forgetNodeKey(cluster.settings().metadataId(0), cluster.metadataAddress(0), node))
                    .isEqualTo(other);
            assertThat(Http.post(gateway, api.create("after-forget", "v2")).statusCode()).isEqualTo(201);
            eventually(Duration.ofSeconds(10), () -> shares(api, "dsv_shard_" + node.replace('-', '_'), "after-forget") == 1);
            assertThat(recorded(api, node)).as("the node's key recorded again").isEqualTo(real);
        }
        assertThat(api.read(api.gw1, "while-refused", null)).isEqualTo("v1");
    }

    private static byte[] recorded(TestApi api, String node) {
        Row row = api.cql.execute("SELECT public_key FROM dsv_metadata.node_keys WHERE node_id = ?", node).one();
        assertThat(row).as("a key recorded for " + node).isNotNull();
        ByteBuffer key = row.getByteBuffer(0);
        byte[] bytes = new byte[key.remaining()];
        key.get(bytes);
        return bytes;
    }

    private static long shares(TestApi api, String keyspace, String name) {
        return api.cql.execute("SELECT count(*) FROM " + keyspace + ".shares WHERE namespace = ? AND name = ?", api.ns, name).one().getLong(0);
    }
}
