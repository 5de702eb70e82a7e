package io.dsv.shard.store;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;

/**
 * A bounded cache of this node's share rows as stored (sealed), in front of the table (design §4): a
 * read of a share asks Cassandra at most once, not on every get, and a share this node has just
 * stored is not read back at all. Only rows the table returned or was just given are kept, never an
 * absence, and every change to a row goes through here. A row loaded or written while another change
 * to its key ran may be the old one, so it is not kept: each key's changes bump a counter (one of
 * {@link #STRIPES}, by the key's hash, so changes to other keys rarely get in the way).
 * Full, it drops an arbitrary row: sealed rows are cheap to read again.
 */
final class ShareRowCache {

    record Key(String namespace, String name, String txId) {
    }

    static final int STRIPES = 1024;

    private final int capacity;
    private final ConcurrentHashMap<Key, ShareRow> rows = new ConcurrentHashMap<>();
    /** Per stripe of keys: bumped by every change, before the row leaves the cache. */
    private final AtomicLongArray changes = new AtomicLongArray(STRIPES);

    /** @param capacity rows kept at most; 0 keeps none */
    ShareRowCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("dsv.shard.row-cache must not be negative");
        }
        this.capacity = capacity;
    }

    /** The cached row, or what {@code load} reads from the table (null: no row), kept if nothing changed meanwhile. */
    ShareRow get(Key key, Supplier<ShareRow> load) {
        ShareRow cached = rows.get(key);
        if (cached != null) {
            return cached;
        }
        long before = changes.get(stripe(key));
        ShareRow loaded = load.get();
        if (loaded != null && changes.get(stripe(key)) == before) {
            keep(key, loaded, before);
        }
        return loaded;
    }

    /**
     * Runs {@code change} to the key's row in the table, then drops the row from the cache, even when
     * the change failed: a write that timed out may still have been applied, and a destroyed share must
     * never be served from memory. When {@code written} is the row the change stored, and no other
     * change to the key ran meanwhile, keeps it, so the next read need not ask the table.
     */
    void change(Key key, ShareRow written, Runnable change) {
        long before = changes.get(stripe(key));
        boolean applied = false;
        try {
            change.run();
            applied = true;
        } finally {
            long mine = invalidate(key);
            if (applied && written != null && mine == before + 1) {
                keep(key, written, mine);
            }
        }
    }

    /** After the row was changed in the table, or found missing there; returns the stripe's new count. */
    long invalidate(Key key) {
        long count = changes.incrementAndGet(stripe(key));
        rows.remove(key);
        return count;
    }

    int size() {
        return rows.size();
    }

    /** Keeps the row unless a change to its stripe ran after {@code seen}, including one racing the put. */
    private void keep(Key key, ShareRow row, long seen) {
        if (capacity == 0) {
            return;
        }
        makeRoom();
        rows.put(key, row);
        if (changes.get(stripe(key)) != seen) {
            rows.remove(key, row);
        }
    }

    private static int stripe(Key key) {
        return Math.floorMod(key.hashCode(), STRIPES);
    }

    private void makeRoom() {
        Iterator<Key> keys = rows.keySet().iterator();
        while (rows.size() >= capacity && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }
}
