package io.dsv.metadata.ledger;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A committed delete waiting for its holders: done once, for every version it deleted, n - k + 1 of that
 * version's holders (or all of them, when fewer hold it) confirmed destroying their share.
 */
final class DestroyWatch {

    final String txId;
    final long startedAt;
    private final List<Set<String>> holdersPerVersion;
    private final int needed;
    private final Set<String> destroyed = new HashSet<>();

    DestroyWatch(String txId, List<Set<String>> holdersPerVersion, int needed, long startedAt) {
        this.txId = txId;
        this.holdersPerVersion = holdersPerVersion;
        this.needed = needed;
        this.startedAt = startedAt;
    }

    void destroyed(String nodeId) {
        destroyed.add(nodeId);
    }

    boolean done() {
        return holdersPerVersion.stream().allMatch(holders ->
                holders.stream().filter(destroyed::contains).count() >= Math.min(holders.size(), needed));
    }
}
