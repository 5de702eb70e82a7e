package io.dsv.metadata.store;

import static org.springframework.data.cassandra.core.query.Criteria.where;

import io.dsv.metadata.ledger.LedgerStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.cassandra.core.CassandraBatchOperations;
import org.springframework.data.cassandra.core.CassandraOperations;
import org.springframework.data.cassandra.core.InsertOptions;
import org.springframework.data.cassandra.core.query.Query;
import org.springframework.stereotype.Repository;

/**
 * Versions and idempotency records in the metadata keyspace. A key's state is its versions (newest
 * first): one query loads it, one single-partition batch writes what a decision changed.
 */
@Repository
public class MetadataStore implements LedgerStore {

    /** Nulls are written too: closing or clearing a column must overwrite it, not leave it behind. */
    private static final InsertOptions WITH_NULLS = InsertOptions.builder().withInsertNulls().build();

    private final CassandraOperations cassandra;
    private final InsertOptions idempotencyTtl;

    public MetadataStore(CassandraOperations cassandra, @Value("${dsv.metadata.idempotency-ttl:24h}") Duration ttl) {
        this.cassandra = cassandra;
        this.idempotencyTtl = InsertOptions.builder().ttl(ttl).build();
    }

    @Override
    public List<SecretVersion> versions(String namespace, String name) {
        return cassandra.select(Query.query(where("namespace").is(namespace), where("name").is(name)),
                SecretVersion.class);
    }

    @Override
    public void saveVersions(List<SecretVersion> rows) {
        if (rows.size() == 1) {
            cassandra.insert(rows.get(0), WITH_NULLS);
            return;
        }
        CassandraBatchOperations batch = cassandra.batchOps();
        batch.insert(rows, WITH_NULLS);
        batch.execute();
    }

    @Override
    public void saveLatest(SecretVersion latest) {
        cassandra.getCqlOperations().execute("INSERT INTO secret_names (namespace, name, version, state, valid_from)"
                + " VALUES (?, ?, ?, ?, ?)", latest.namespace(), latest.name(), latest.version(), latest.state(),
                latest.validFrom());
    }

    /** A namespace's names in name order, strictly after {@code after}: at most {@code limit}. */
    public List<io.dsv.metadata.names.NameListing.Entry> names(String namespace, String after, int limit) {
        return cassandra.getCqlOperations().query("SELECT name, version, state, valid_from FROM secret_names"
                + " WHERE namespace = ? AND name > ? LIMIT ?", (com.datastax.oss.driver.api.core.cql.Row row, int i) ->
                new io.dsv.metadata.names.NameListing.Entry(row.getString(0), row.getLong(1), row.getString(2),
                        row.getInstant(3)), namespace, after, limit);
    }

    @Override
    public Optional<IdempotencyRow> idempotency(String namespace, String idempotencyKey) {
        return Optional.ofNullable(cassandra.selectOne(
                Query.query(where("namespace").is(namespace), where("idem_key").is(idempotencyKey)), IdempotencyRow.class));
    }

    @Override
    public void saveIdempotency(IdempotencyRow row) {
        cassandra.insert(row, idempotencyTtl);
    }

    /**
     * The shares {@code nodeId} should hold: one entry per readable version it is a holder of
     * (a full scan: anti-entropy runs rarely).
     */
    public void forEachExpectedShare(String nodeId, io.dsv.core.protocol.InventoryBuilder inventory) {
        cassandra.getCqlOperations().query("SELECT namespace, name, tx_id, state, holders FROM secret_versions",
                (com.datastax.oss.driver.api.core.cql.Row row) -> {
                    if (SecretVersion.ACTIVE.equals(row.getString(3))) {
                        Integer index = row.getMap(4, String.class, Integer.class).get(nodeId);
                        if (index != null) {
                            inventory.add(row.getString(0), row.getString(1), row.getString(2), index);
                        }
                    }
                });
    }

    /** Every readable version, for rebalancing (a full scan). */
    public List<SecretVersion> readableVersions() {
        return cassandra.select(Query.empty(), SecretVersion.class).stream().filter(SecretVersion::readable).toList();
    }
}
