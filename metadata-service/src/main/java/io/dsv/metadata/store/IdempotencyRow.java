package io.dsv.metadata.store;

import java.nio.ByteBuffer;
import java.time.Instant;
import org.springframework.data.cassandra.core.cql.PrimaryKeyType;
import org.springframework.data.cassandra.core.mapping.Column;
import org.springframework.data.cassandra.core.mapping.PrimaryKeyColumn;
import org.springframework.data.cassandra.core.mapping.Table;

/** What an Idempotency-Key produced; written with a TTL, so keys expire. */
@Table("idempotency")
public record IdempotencyRow(
        @PrimaryKeyColumn(name = "namespace", ordinal = 0, type = PrimaryKeyType.PARTITIONED) String namespace,
        @PrimaryKeyColumn(name = "idem_key", ordinal = 1, type = PrimaryKeyType.PARTITIONED) String idempotencyKey,
        @Column("name") String name,
        @Column("operation") String operation,
        @Column("version") long version,
        @Column("tx_id") String txId,
        @Column("created_at") Instant createdAt,
        @Column("request_mac") ByteBuffer requestMac) {

    /** Whether {@code mac} is the MAC this key's first request carried (none on either side counts as equal). */
    public boolean sameRequest(byte[] mac) {
        if (requestMac == null || mac == null) {
            return requestMac == null && mac == null;
        }
        byte[] recorded = new byte[requestMac.remaining()];
        requestMac.duplicate().get(recorded);
        return java.security.MessageDigest.isEqual(recorded, mac);
    }
}
