package io.dsv.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import com.datastax.oss.driver.api.core.servererrors.UnauthorizedException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 13 on the real Cassandra node: one role per keyspace. A shard node's credentials read and write
 * its own shares and nothing else, not another node's shares and not metadata; metadata's read no
 * shares; neither can make a keyspace; the default superuser is off.
 */
@ExtendWith(SharedCluster.class)
@Order(12)
class CassandraRolesTest {

    @Test
    void oneNodesCredentialsReachItsOwnKeyspaceOnly() {
        TestApi api = new TestApi("roles");
        assertThat(Http.post(api.gw1, api.create("held-everywhere", "v")).statusCode()).isEqualTo(201);
        CassandraRoles roles = api.cluster.cassandraRoles();

        try (CqlSession shard1 = roles.sessionAs("dsv_shard_shard_1")) {
            TestApi.eventually(java.time.Duration.ofSeconds(10), () -> shard1.execute(
                    "SELECT count(*) FROM dsv_shard_shard_1.shares WHERE namespace = ? AND name = ?", api.ns,
                    "held-everywhere").one().getLong(0) == 1);
            assertThatThrownBy(() -> shard1.execute("SELECT * FROM dsv_shard_shard_2.shares LIMIT 1"))
                    .isInstanceOf(UnauthorizedException.class);
            assertThatThrownBy(() -> shard1.execute("INSERT INTO dsv_shard_shard_2.shares (namespace, name, tx_id, sealed)"
                    + " VALUES ('roles', 'x', 'tx', ?)", ByteBuffer.wrap(new byte[] {1})))
                    .isInstanceOf(UnauthorizedException.class);
            assertThatThrownBy(() -> shard1.execute("SELECT * FROM dsv_metadata.secret_versions LIMIT 1"))
                    .isInstanceOf(UnauthorizedException.class);
            assertThatThrownBy(() -> shard1.execute("CREATE KEYSPACE stolen WITH replication ="
                    + " {'class': 'SimpleStrategy', 'replication_factor': 1}")).isInstanceOf(UnauthorizedException.class);
        }
        try (CqlSession metadata = roles.sessionAs("dsv_metadata")) {
            assertThat(metadata.execute("SELECT count(*) FROM dsv_metadata.secret_versions WHERE namespace = ? AND name = ?",
                    api.ns, "held-everywhere").one().getLong(0)).isEqualTo(1);
            assertThatThrownBy(() -> metadata.execute("SELECT * FROM dsv_shard_shard_1.shares LIMIT 1"))
                    .isInstanceOf(UnauthorizedException.class);
        }
        String[] hostPort = api.cluster.cassandraContactPoint().split(":");
        assertThatThrownBy(() -> CqlSession.builder()
                .addContactPoint(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])))
                .withLocalDatacenter("datacenter1").withAuthCredentials("cassandra", "cassandra").build().close())
                .as("the default superuser is off").isInstanceOfAny(AllNodesFailedException.class, AuthenticationException.class);
        assertThatThrownBy(() -> CqlSession.builder()
                .addContactPoint(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])))
                .withLocalDatacenter("datacenter1").build().close())
                .as("no anonymous access").isInstanceOfAny(AllNodesFailedException.class, AuthenticationException.class);
    }
}
