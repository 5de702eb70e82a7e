package io.dsv.metadata.ledger;

import io.dsv.metadata.store.IdempotencyRow;
import io.dsv.metadata.store.SecretVersion;
import java.util.List;
import java.util.Optional;

/** Where a partition's owner keeps what it applied (Cassandra in the service, memory in tests). */
public interface LedgerStore {

    /** Every version of one key, newest first. */
    List<SecretVersion> versions(String namespace, String name);

    /** Rows of one key, written together (one partition, one batch). */
    void saveVersions(List<SecretVersion> rows);

    /** The key's newest version, for listing a namespace's names (written after {@link #saveVersions}). */
    void saveLatest(SecretVersion latest);

    Optional<IdempotencyRow> idempotency(String namespace, String idempotencyKey);

    /** Kept for the configured time, then forgotten: the key may be used again. */
    void saveIdempotency(IdempotencyRow row);
}
