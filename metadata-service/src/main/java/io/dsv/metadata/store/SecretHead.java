package io.dsv.metadata.store;

import java.time.Instant;
import org.springframework.data.cassandra.core.cql.PrimaryKeyType;
import org.springframework.data.cassandra.core.mapping.Column;
import org.springframework.data.cassandra.core.mapping.PrimaryKeyColumn;
import org.springframework.data.cassandra.core.mapping.Table;

/**
 * Per-key state: the latest committed version, whether the key is deleted, and the transaction (if
 * any) holding the key's reservation until {@code reservedUntil}.
 */
@Table("secret_heads")
public record SecretHead(
        @PrimaryKeyColumn(name = "namespace", ordinal = 0, type = PrimaryKeyType.PARTITIONED) String namespace,
        @PrimaryKeyColumn(name = "name", ordinal = 1, type = PrimaryKeyType.PARTITIONED) String name,
        @Column("latest_version") long latestVersion,
        @Column("deleted") boolean deleted,
        @Column("reserved_tx") String reservedTx,
        @Column("reserved_version") long reservedVersion,
        @Column("reserved_operation") String reservedOperation,
        @Column("reserved_until") Instant reservedUntil,
        @Column("reserved_by") String reservedBy) {

    /** A key with committed versions that is not deleted. */
    public boolean live() {
        return latestVersion > 0 && !deleted;
    }

    public boolean reservedAt(Instant now) {
        return reservedTx != null && reservedUntil != null && reservedUntil.isAfter(now);
    }

    public SecretHead reserve(String txId, long version, String operation, Instant until, String coordinator) {
        return new SecretHead(namespace, name, latestVersion, deleted, txId, version, operation, until, coordinator);
    }

    public SecretHead released() {
        return new SecretHead(namespace, name, latestVersion, deleted, null, 0L, null, null, null);
    }

    public SecretHead committed(long version, boolean nowDeleted) {
        return new SecretHead(namespace, name, version, nowDeleted, null, 0L, null, null, null);
    }

    public static SecretHead empty(String namespace, String name) {
        return new SecretHead(namespace, name, 0L, false, null, 0L, null, null, null);
    }
}
