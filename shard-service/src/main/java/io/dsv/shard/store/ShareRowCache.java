package io.dsv.shard.store;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A bounded cache of this node's share rows as stored (sealed), in front of the table (design §4): a
 * read of a share asks Cassandra once, not on every get. Only rows the table returned are kept, never
 * an absence, and every change to a row goes through {@link ShareStore}, which invalidates it after
 * the change is written. A row loaded while any invalidation ran may be the old one, so it is not kept.
 * Full, it drops an arbitrary row: sealed rows are cheap to read again.
 */
final class ShareRowCache {

    record Key(String namespace, String name, String txId) {
    }

    private final int capacity;
    private final ConcurrentHashMap<Key, ShareRow> rows = new ConcurrentHashMap<>();
    /** Bumped by every invalidation, before it removes the row. */
    private final AtomicLong invalidations = new AtomicLong();

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
        long before = invalidations.get();
        ShareRow loaded = load.get();
        if (loaded == null || capacity == 0 || invalidations.get() != before) {
            return loaded;
        }
        makeRoom();
        rows.put(key, loaded);
        if (invalidations.get() != before) {
            rows.remove(key, loaded);       // an invalidation ran between the check and the put
        }
        return loaded;
    }

    /** After the row was changed in the table. */
    void invalidate(Key key) {
        invalidations.incrementAndGet();
        rows.remove(key);
    }

    int size() {
        return rows.size();
    }

    private void makeRoom() {
        Iterator<Key> keys = rows.keySet().iterator();
        while (rows.size() >= capacity && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }
}
