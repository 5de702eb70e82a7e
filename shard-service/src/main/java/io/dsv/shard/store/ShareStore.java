package io.dsv.shard.store;

import static org.springframework.data.cassandra.core.query.Criteria.where;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.dsv.core.protocol.InventoryBuilder;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;
import org.springframework.data.cassandra.core.CassandraOperations;
import org.springframework.data.cassandra.core.InsertOptions;
import org.springframework.data.cassandra.core.query.Query;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Repository;

/** The node's sealed shares in its own keyspace. Every operation is idempotent: Kafka may redeliver. */
@Repository
public class ShareStore {

    /** A share on its way arrives within seconds of its transaction's decision: markers need not outlive that by much. */
    private static final InsertOptions ABORTED_MARKER = InsertOptions.builder().ttl(java.time.Duration.ofDays(1)).build();
    private static final InsertOptions DESTROYED_MARKER = InsertOptions.builder().ttl(java.time.Duration.ofDays(30)).build();

    private final CassandraOperations cassandra;
    private final CqlSession session;
    /** Every read of a share is this one statement, prepared once: the read path's only query here. */
    private final PreparedStatement selectByTx;

    private final SharesHeldGauge held;
    /** Rows as read or stored, for reads: every change below goes through it, and a stored share is kept as written. */
    private final ShareRowCache cache;

    public ShareStore(CassandraOperations cassandra, CqlSession session, SharesHeldGauge held,
                      @Value("${dsv.shard.row-cache:100000}") int rowCache) {
        this.cassandra = cassandra;
        this.session = session;
        this.held = held;
        this.cache = new ShareRowCache(rowCache);
        this.selectByTx = session.prepare("SELECT share_index, sealed, state, version, updated_at FROM shares"
                + " WHERE namespace = ? AND name = ? AND tx_id = ?");
    }

    /**
     * Keeps a share: a write's as PENDING (metadata's decision, not this node, makes it readable), a
     * share rebuilt for a committed version as COMMITTED. Never one of a transaction this node already
     * dropped (aborted or destroyed): the writer's put and metadata's abort or destroy come from
     * different producers, so a put can arrive after them (a batch refused before its gateway sent every
     * share, a repair racing a delete) and must not bring the share back.
     *
     * @return false when the transaction's share was dropped here
     */
    public boolean put(String namespace, String name, String txId, int shareIndex, byte[] sealed, boolean committed) {
        ShareRow existing = row(namespace, name, txId);
        if (existing != null && existing.gone()) {
            return false;
        }
        // the row is kept in the cache as written (its own copy of the bytes): a get soon after a write,
        // or of any of the node's recent shares, is then answered from memory
        ShareRow row = new ShareRow(namespace, name, txId, shareIndex, ByteBuffer.wrap(sealed.clone()),
                committed ? ShareRow.COMMITTED : ShareRow.PENDING, 0L, Instant.now());
        cache.change(new ShareRowCache.Key(namespace, name, txId), row, () -> cassandra.insert(row));
        if (existing == null) {
            held.added();
        }
        return true;
    }

    /** The transaction's share, if this node holds it (a destroyed one it does not). */
    public Optional<ShareRow> find(String namespace, String name, String txId) {
        return Optional.ofNullable(cache.get(new ShareRowCache.Key(namespace, name, txId), () -> row(namespace, name, txId)))
                .filter(row -> !row.gone());
    }

    /**
     * Whether the table holds the transaction's share: read from the table, never the cache, because repair
     * asks this before it rebuilds a share (design §5.4), and a row lost behind the node's back must count
     * as lost even while the cache still has it. A row the table lacks leaves the cache too, so the next
     * read finds it missing as well.
     */
    public boolean holds(String namespace, String name, String txId) {
        ShareRow row = row(namespace, name, txId);
        if (row == null || row.gone()) {
            cache.invalidate(new ShareRowCache.Key(namespace, name, txId));
            return false;
        }
        return true;
    }

    /**
     * Drops the share of an aborted transaction (never a committed one), leaving a marker for a while in
     * case the share itself is still on its way.
     */
    public void abort(String namespace, String name, String txId) {
        ShareRow existing = row(namespace, name, txId);
        if (existing == null || ShareRow.PENDING.equals(existing.state())) {
            write(namespace, name, txId, () -> cassandra.insert(marker(namespace, name, txId, ShareRow.ABORTED), ABORTED_MARKER));
            if (existing != null) {
                held.removed();
            }
        }
    }

    /** Drops this node's copy of one transaction's share, whatever its state: it moved elsewhere. */
    public void release(String namespace, String name, String txId) {
        write(namespace, name, txId, () -> cassandra.delete(byTx(namespace, name, txId), ShareRow.class));
    }

    /**
     * Destroys the shares of exactly these transactions (the versions a committed delete removed):
     * what makes a delete irreversible, without touching a later create's share of the same key. The
     * share's bytes are gone; a marker without them stays, so that no later put brings it back.
     */
    public void destroy(String namespace, String name, java.util.List<String> txIds) {
        for (String txId : txIds) {
            write(namespace, name, txId, () -> cassandra.insert(marker(namespace, name, txId, ShareRow.DESTROYED),
                    DESTROYED_MARKER));
        }
    }

    /** Every share this node holds, as inventory entries (a full scan: anti-entropy runs rarely); also counts them. */
    public void forEachEntry(InventoryBuilder inventory) {
        held.counted(scan(inventory::add));
    }

    /** Counts the shares this node holds (a full scan): once at start, see {@link StartupShareCount}. */
    void countHeld() {
        held.counted(scan((namespace, name, txId, shareIndex) -> { }));
    }

    private long scan(EntryVisitor visitor) {
        long[] count = {0};
        cassandra.getCqlOperations().query("SELECT namespace, name, tx_id, share_index, state FROM shares",
                (com.datastax.oss.driver.api.core.cql.Row row) -> {
                    if (ShareRow.holdsShare(row.getString(4))) {
                        visitor.visit(row.getString(0), row.getString(1), row.getString(2), row.getInt(3));
                        count[0]++;
                    }
                });
        return count[0];
    }

    @FunctionalInterface
    private interface EntryVisitor {
        void visit(String namespace, String name, String txId, int shareIndex);
    }

    /** Changes the transaction's row, then drops it from the cache, even when the write failed (see {@link ShareRowCache#change}). */
    private void write(String namespace, String name, String txId, Runnable change) {
        cache.change(new ShareRowCache.Key(namespace, name, txId), null, change);
    }

    /** The transaction's row, share or marker, or null: from the table. */
    private ShareRow row(String namespace, String name, String txId) {
        Row row = session.execute(selectByTx.bind(namespace, name, txId)).one();
        return row == null ? null : new ShareRow(namespace, name, txId, row.getInt(0), row.getByteBuffer(1),
                row.getString(2), row.getLong(3), row.getInstant(4));
    }

    private static ShareRow marker(String namespace, String name, String txId, String state) {
        return new ShareRow(namespace, name, txId, 0, ByteBuffer.allocate(0), state, 0L, Instant.now());
    }

    private static Query byTx(String namespace, String name, String txId) {
        return Query.query(where("namespace").is(namespace), where("name").is(name), where("tx_id").is(txId));
    }
}
