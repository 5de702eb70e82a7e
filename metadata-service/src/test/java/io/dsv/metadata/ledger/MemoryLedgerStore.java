package io.dsv.metadata.ledger;

import io.dsv.metadata.store.IdempotencyRow;
import io.dsv.metadata.store.SecretVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The ledger's store in memory: what Cassandra would hold, for tests that run in milliseconds. */
final class MemoryLedgerStore implements LedgerStore {

    final Map<String, Map<Long, SecretVersion>> versions = new ConcurrentHashMap<>();
    final Map<String, IdempotencyRow> idempotency = new ConcurrentHashMap<>();
    final Map<String, SecretVersion> latest = new ConcurrentHashMap<>();
    int writes;

    @Override
    public List<SecretVersion> versions(String namespace, String name) {
        List<SecretVersion> rows = new ArrayList<>(versions.getOrDefault(namespace + "/" + name, Map.of()).values());
        rows.sort(Comparator.comparingLong(SecretVersion::version).reversed());
        return rows;
    }

    @Override
    public void saveVersions(List<SecretVersion> rows) {
        writes++;
        for (SecretVersion row : rows) {
            versions.computeIfAbsent(row.namespace() + "/" + row.name(), k -> new ConcurrentHashMap<>()).put(row.version(), row);
        }
    }

    /** Writes of the latest row that fail before this one succeeds, as Cassandra does while it restarts. */
    int failingLatestWrites;

    @Override
    public void saveLatest(SecretVersion row) {
        if (failingLatestWrites > 0) {
            failingLatestWrites--;
            throw new IllegalStateException("Cassandra is restarting");
        }
        latest.put(row.namespace() + "/" + row.name(), row);
    }

    @Override
    public Optional<IdempotencyRow> idempotency(String namespace, String idempotencyKey) {
        return Optional.ofNullable(idempotency.get(namespace + "/" + idempotencyKey));
    }

    @Override
    public void saveIdempotency(IdempotencyRow row) {
        idempotency.put(row.namespace() + "/" + row.idempotencyKey(), row);
    }
}
