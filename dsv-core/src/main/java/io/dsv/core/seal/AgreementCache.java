package io.dsv.core.seal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Remembers key agreements (X25519 costs ~0.2 ms; a read needs several) for a bounded number of
 * (own key, peer key) pairs, least recently used out first, wiped when evicted. What it holds opens
 * only what the holder's own private key, also in memory, already opens: it adds no exposure.
 */
final class AgreementCache {

    private final Map<Pair, byte[]> entries;

    AgreementCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Pair, byte[]> eldest) {
                if (size() > capacity) {
                    Arrays.fill(eldest.getValue(), (byte) 0);
                    return true;
                }
                return false;
            }
        };
    }

    /** A copy of the remembered secret, or of the one computed now and remembered. The caller wipes it. */
    byte[] get(byte[] own, byte[] peer, Supplier<byte[]> compute) {
        Pair pair = new Pair(own, peer);
        synchronized (entries) {
            byte[] known = entries.get(pair);
            if (known != null) {
                return known.clone();                 // cloned under the lock: eviction wipes the original
            }
        }
        byte[] computed = compute.get();
        synchronized (entries) {
            entries.put(pair, computed.clone());
        }
        return computed;
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private record Pair(byte[] own, byte[] peer) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Pair p && Arrays.equals(own, p.own) && Arrays.equals(peer, p.peer);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(own) + Arrays.hashCode(peer);
        }
    }
}
