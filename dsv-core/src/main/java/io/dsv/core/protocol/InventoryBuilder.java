package io.dsv.core.protocol;

import java.util.ArrayList;
import java.util.List;

/** Accumulates entries into range digests, or collects one range's entries. */
public final class InventoryBuilder {

    private final int buckets;
    private final Integer onlyBucket;
    private final byte[][] digests;
    private final int[] counts;
    private final List<String> entries = new ArrayList<>();

    /** @param onlyBucket collect the entries of this range only; null to compute every range's digest */
    public InventoryBuilder(int buckets, Integer onlyBucket) {
        if (buckets < 1 || buckets > 65_536) {
            throw new IllegalArgumentException("buckets must be in 1..65536, got " + buckets);
        }
        this.buckets = buckets;
        this.onlyBucket = onlyBucket;
        this.digests = new byte[buckets][32];
        this.counts = new int[buckets];
    }

    public void add(String namespace, String name, String txId, int shareIndex) {
        int bucket = ShareInventory.bucket(namespace, name, buckets);
        String entry = ShareInventory.entry(namespace, name, txId, shareIndex);
        if (onlyBucket != null) {
            if (bucket == onlyBucket) {
                entries.add(entry);
            }
            return;
        }
        ShareInventory.add(digests[bucket], entry);
        counts[bucket]++;
    }

    public ShareInventory.Digests digests() {
        List<String> hex = new ArrayList<>(buckets);
        List<Integer> count = new ArrayList<>(buckets);
        for (int i = 0; i < buckets; i++) {
            hex.add(ShareInventory.hex(digests[i]));
            count.add(counts[i]);
        }
        return new ShareInventory.Digests(buckets, hex, count);
    }

    public ShareInventory.Entries entries() {
        return new ShareInventory.Entries(onlyBucket == null ? -1 : onlyBucket, List.copyOf(entries));
    }
}
