package io.dsv.metadata.store;

import io.dsv.core.protocol.VersionView;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import org.springframework.data.cassandra.core.cql.Ordering;
import org.springframework.data.cassandra.core.cql.PrimaryKeyType;
import org.springframework.data.cassandra.core.mapping.Column;
import org.springframework.data.cassandra.core.mapping.PrimaryKeyColumn;
import org.springframework.data.cassandra.core.mapping.Table;

/**
 * One committed version: which transaction wrote it (its shares are stored under that id), when it
 * was current, which node holds which share, and each share's commitment (design §5.3: a share is used
 * only when it matches). Never a value.
 */
@Table("secret_versions")
public record SecretVersion(
        @PrimaryKeyColumn(name = "namespace", ordinal = 0, type = PrimaryKeyType.PARTITIONED) String namespace,
        @PrimaryKeyColumn(name = "name", ordinal = 1, type = PrimaryKeyType.PARTITIONED) String name,
        @PrimaryKeyColumn(name = "version", ordinal = 2, type = PrimaryKeyType.CLUSTERED, ordering = Ordering.DESCENDING)
        long version,
        @Column("tx_id") String txId,
        @Column("operation") String operation,
        @Column("state") String state,
        @Column("valid_from") Instant validFrom,
        @Column("valid_to") Instant validTo,
        @Column("holders") Map<String, Integer> holders,
        @Column("commitments") Map<Integer, ByteBuffer> commitments,
        @Column("writer") String writer) {

    public static final String ACTIVE = VersionView.ACTIVE;
    public static final String DELETED = VersionView.DELETED;
    public static final String DESTROYED = VersionView.DESTROYED;

    public boolean readable() {
        return ACTIVE.equals(state);
    }

    public SecretVersion closedAt(Instant end) {
        return new SecretVersion(namespace, name, version, txId, operation, state, validFrom, end, holders, commitments, writer);
    }

    /** Each share index's commitment as bytes. */
    public Map<Integer, byte[]> commitmentBytes() {
        Map<Integer, byte[]> out = new java.util.HashMap<>();
        if (commitments != null) {
            commitments.forEach((index, bytes) -> {
                byte[] copy = new byte[bytes.remaining()];
                bytes.duplicate().get(copy);
                out.put(index, copy);
            });
        }
        return out;
    }

    /** The commitments as the store keeps them. */
    public static Map<Integer, ByteBuffer> commitmentBuffers(Map<Integer, byte[]> commitments) {
        Map<Integer, ByteBuffer> out = new java.util.HashMap<>();
        commitments.forEach((index, bytes) -> out.put(index, ByteBuffer.wrap(bytes.clone())));
        return out;
    }

    public SecretVersion destroyed() {
        return new SecretVersion(namespace, name, version, txId, operation, DESTROYED, validFrom, validTo, holders, commitments, writer);
    }
}
