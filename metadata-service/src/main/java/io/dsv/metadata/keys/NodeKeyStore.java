package io.dsv.metadata.keys;

import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;
import org.springframework.data.cassandra.core.CassandraOperations;
import org.springframework.data.cassandra.core.cql.CqlOperations;
import org.springframework.stereotype.Repository;

/**
 * Shard nodes' public keys as first recorded (design §6): the first writer to learn a node's key from the
 * node itself records it (a lightweight transaction, so two gateways cannot both win), and every later
 * one is compared with it. Replaced only when an operator forgets it on purpose.
 */
@Repository
public class NodeKeyStore {

    private final CqlOperations cql;

    public NodeKeyStore(CassandraOperations cassandra) {
        this.cql = cassandra.getCqlOperations();
    }

    /** Records {@code key} for the node when none is; returns the recorded key (this one, or the earlier). */
    public byte[] pin(String nodeId, byte[] key) {
        ResultSet result = cql.queryForResultSet("INSERT INTO node_keys (node_id, public_key, recorded_at) VALUES (?, ?, ?)"
                + " IF NOT EXISTS", nodeId, ByteBuffer.wrap(key), Instant.now());
        if (result.wasApplied()) {
            return key.clone();
        }
        return bytes(result.one());
    }

    public Optional<byte[]> recorded(String nodeId) {
        return Optional.ofNullable(cql.queryForResultSet("SELECT public_key FROM node_keys WHERE node_id = ?", nodeId).one())
                .map(NodeKeyStore::bytes);
    }

    /** Forgets the node's key: the next key learned from the node is recorded instead. Returns what was recorded. */
    public Optional<byte[]> forget(String nodeId) {
        Optional<byte[]> before = recorded(nodeId);
        cql.execute("DELETE FROM node_keys WHERE node_id = ?", nodeId);
        return before;
    }

    private static byte[] bytes(Row row) {
        ByteBuffer buffer = row.getByteBuffer("public_key");
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
