package io.dsv.metadata.store;

import static org.springframework.data.cassandra.core.query.Criteria.where;

import java.util.List;
import java.util.Optional;
import org.springframework.data.cassandra.core.CassandraOperations;
import org.springframework.data.cassandra.core.InsertOptions;
import org.springframework.data.cassandra.core.query.Query;
import org.springframework.stereotype.Repository;

/** Heads and versions in the metadata keyspace. */
@Repository
public class MetadataStore {

    private final CassandraOperations cassandra;

    public MetadataStore(CassandraOperations cassandra) {
        this.cassandra = cassandra;
    }

    public Optional<SecretHead> head(String namespace, String name) {
        return Optional.ofNullable(cassandra.selectOne(byKey(namespace, name), SecretHead.class));
    }

    /** Nulls are written too: clearing a reservation must overwrite it, not leave it behind. */
    private static final InsertOptions WITH_NULLS = InsertOptions.builder().withInsertNulls().build();

    public void save(SecretHead head) {
        cassandra.insert(head, WITH_NULLS);
    }

    public void save(SecretVersion version) {
        cassandra.insert(version, WITH_NULLS);
    }

    public Optional<SecretVersion> version(String namespace, String name, long version) {
        return Optional.ofNullable(cassandra.selectOne(
                Query.query(where("namespace").is(namespace), where("name").is(name), where("version").is(version)),
                SecretVersion.class));
    }

    public Optional<IdempotencyRow> idempotency(String namespace, String idempotencyKey) {
        return Optional.ofNullable(cassandra.selectOne(
                Query.query(where("namespace").is(namespace), where("idem_key").is(idempotencyKey)), IdempotencyRow.class));
    }

    /** Kept for {@code ttl}, then Cassandra forgets it: the key may be used again. */
    public void save(IdempotencyRow row, java.time.Duration ttl) {
        cassandra.insert(row, InsertOptions.builder().ttl(ttl).build());
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

    /** Newest first. */
    public List<SecretVersion> versions(String namespace, String name) {
        return cassandra.select(byKey(namespace, name), SecretVersion.class);
    }

    private static Query byKey(String namespace, String name) {
        return Query.query(where("namespace").is(namespace), where("name").is(name));
    }
}
