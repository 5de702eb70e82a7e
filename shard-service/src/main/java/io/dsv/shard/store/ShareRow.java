package io.dsv.shard.store;

import java.nio.ByteBuffer;
import java.time.Instant;
import org.springframework.data.cassandra.core.cql.PrimaryKeyType;
import org.springframework.data.cassandra.core.mapping.Column;
import org.springframework.data.cassandra.core.mapping.PrimaryKeyColumn;
import org.springframework.data.cassandra.core.mapping.Table;

/**
 * One sealed share this node holds, keyed by the transaction that wrote it. A read names the
 * transaction that metadata recorded for the version, so a share is servable as soon as metadata
 * committed it, whether or not this node has seen the commit yet.
 */
@Table("shares")
public record ShareRow(
        @PrimaryKeyColumn(name = "namespace", ordinal = 0, type = PrimaryKeyType.PARTITIONED) String namespace,
        @PrimaryKeyColumn(name = "name", ordinal = 1, type = PrimaryKeyType.PARTITIONED) String name,
        @PrimaryKeyColumn(name = "tx_id", ordinal = 2, type = PrimaryKeyType.CLUSTERED) String txId,
        @Column("share_index") int shareIndex,
        @Column("sealed") ByteBuffer sealed,
        @Column("state") String state,
        @Column("version") long version,
        @Column("updated_at") Instant updatedAt) {

    public static final String PENDING = "PENDING";
    public static final String COMMITTED = "COMMITTED";
    /** A delete destroyed this transaction's share: the bytes are gone, the marker keeps them from coming back. */
    public static final String DESTROYED = "DESTROYED";
    /** The transaction aborted: likewise, a marker without a share. */
    public static final String ABORTED = "ABORTED";

    /** A marker of a share dropped here, holding no share. */
    public boolean gone() {
        return !holdsShare(state);
    }

    public static boolean holdsShare(String state) {
        return PENDING.equals(state) || COMMITTED.equals(state);
    }

    public byte[] sealedBytes() {
        ByteBuffer copy = sealed.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    @Override
    public String toString() {
        return "ShareRow[" + namespace + "/" + name + ", tx " + txId + ", share " + shareIndex + ", " + state + "]";
    }
}
