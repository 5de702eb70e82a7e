package io.dsv.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.dsv.shard.config.ShardCassandraConfig;
import io.dsv.shard.store.ShareRow;
import io.dsv.shard.store.ShareStore;
import io.dsv.shard.store.SharesHeldGauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.cassandra.core.CassandraTemplate;

/**
 * A shard node's store against the shared cluster's real Cassandra node, in a keyspace of its own: a share
 * put is found; a share of a transaction the node dropped (aborted or destroyed) never comes back, whether
 * the put arrives after the marker or is redelivered after it, and a late put says so; an abort never drops
 * a committed share; a redelivered put keeps one share; a share put is kept in memory as written, until
 * the table is found to lack it.
 */
@ExtendWith(SharedCluster.class)
class ShareStoreCassandraTest {

    private static final String KEYSPACE = "dsv_test_share_store";
    private static CqlSession session;
    private static ShareStore store;

    private final String name = "k-" + UUID.randomUUID();

    @BeforeAll
    static void openStore() {
        ShardCassandraConfig.schema(KEYSPACE).forEach(SharedCluster.cql()::execute);
        session = SharedCluster.cluster().cassandraRoles().adminSession(KEYSPACE);
        store = new ShareStore(new CassandraTemplate(session), session, new SharesHeldGauge(new SimpleMeterRegistry()), 100);
    }

    @AfterAll
    static void closeStore() {
        if (session != null) {
            session.close();
        }
    }

    @Test
    void aShareThatWasPutIsHeldAndFound() {
        assertThat(store.put("ns", name, "tx-1", 2, bytes("sealed-1"), false)).isTrue();

        assertThat(store.find("ns", name, "tx-1")).hasValueSatisfying(row -> {
            assertThat(row.state()).isEqualTo(ShareRow.PENDING);
            assertThat(row.shareIndex()).isEqualTo(2);
            assertThat(row.sealedBytes()).isEqualTo(bytes("sealed-1"));
        });
        assertThat(store.holds("ns", name, "tx-1")).isTrue();
        assertThat(store.find("ns", name, "tx-2")).isEmpty();
    }

    @Test
    void aShareThatWasPutIsServedFromMemoryUntilTheTableIsFoundToLackIt() {
        byte[] sealed = bytes("sealed-1");
        store.put("ns", name, "tx-1", 2, sealed, false);
        sealed[0] = 0;                                               // the caller's buffer is not the one kept
        session.execute("DELETE FROM shares WHERE namespace = ? AND name = ? AND tx_id = ?", "ns", name, "tx-1");

        // kept as written by the put: never read from the table, which no longer has it
        assertThat(store.find("ns", name, "tx-1")).hasValueSatisfying(row ->
                assertThat(row.sealedBytes()).isEqualTo(bytes("sealed-1")));
        assertThat(store.holds("ns", name, "tx-1")).isFalse();    // repair's question goes to the table
        assertThat(store.find("ns", name, "tx-1")).isEmpty();
    }

    @Test
    void aShareArrivingAfterItsTransactionAbortedIsNotKept() {
        store.abort("ns", name, "tx-1");                          // the decision overtook the writer's put
        assertThat(store.put("ns", name, "tx-1", 2, bytes("sealed-1"), false)).isFalse();

        assertThat(store.find("ns", name, "tx-1")).isEmpty();
        assertThat(store.holds("ns", name, "tx-1")).isFalse();
        assertThat(stored("tx-1")).containsExactly(ShareRow.ABORTED, "0");
    }

    @Test
    void aDestroyedShareDeliveredAgainDoesNotComeBack() {
        store.put("ns", name, "tx-1", 2, bytes("sealed-1"), false);
        assertThat(store.find("ns", name, "tx-1")).isPresent();    // now in the node's row cache too
        store.destroy("ns", name, List.of("tx-1"));
        assertThat(store.put("ns", name, "tx-1", 2, bytes("sealed-1"), false)).isFalse(); // redelivered after a restart

        assertThat(store.find("ns", name, "tx-1")).isEmpty();
        assertThat(stored("tx-1")).containsExactly(ShareRow.DESTROYED, "0");
    }

    @Test
    void aRebuiltShareRacingADeleteStaysDestroyed() {
        store.put("ns", name, "tx-1", 3, bytes("old"), false);
        store.destroy("ns", name, List.of("tx-1"));
        assertThat(store.put("ns", name, "tx-1", 3, bytes("rebuilt"), true)).isFalse(); // repair, from a stale view

        assertThat(store.find("ns", name, "tx-1")).isEmpty();
        assertThat(stored("tx-1")).containsExactly(ShareRow.DESTROYED, "0");
    }

    @Test
    void anAbortNeverDropsACommittedShareAndOnlyTheNamedTransactionIsDestroyed() {
        store.put("ns", name, "tx-1", 1, bytes("one"), true);
        store.put("ns", name, "tx-2", 1, bytes("two"), false);
        store.abort("ns", name, "tx-1");
        store.destroy("ns", name, List.of("tx-2"));

        assertThat(store.find("ns", name, "tx-1")).hasValueSatisfying(row -> {
            assertThat(row.state()).isEqualTo(ShareRow.COMMITTED);
            assertThat(row.sealedBytes()).isEqualTo(bytes("one"));
        });
        assertThat(store.find("ns", name, "tx-2")).isEmpty();
    }

    @Test
    void aRedeliveredPutKeepsOneShare() {
        store.put("ns", name, "tx-1", 4, bytes("sealed-1"), false);
        store.put("ns", name, "tx-1", 4, bytes("sealed-1"), false);

        assertThat(session.execute("SELECT count(*) FROM shares WHERE namespace = ? AND name = ?", "ns", name)
                .one().getLong(0)).isEqualTo(1);
        assertThat(store.find("ns", name, "tx-1")).isPresent();
    }

    /** The row's state and the length of its sealed bytes, as the table has them. */
    private List<String> stored(String txId) {
        Row row = session.execute("SELECT state, sealed FROM shares WHERE namespace = ? AND name = ? AND tx_id = ?",
                "ns", name, txId).one();
        assertThat(row).isNotNull();
        return List.of(row.getString(0), Integer.toString(row.getByteBuffer(1).remaining()));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
