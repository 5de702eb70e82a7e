package io.dsv.local.history;

/**
 * A version of a key as it stands after every fault healed: its state, its value when readable, when it
 * became valid (metadata's decision time), and how many shares of it the holders keep.
 *
 * @param state          active, deleted (a tombstone) or destroyed
 * @param value          the value read back, for an active version; else null
 * @param shares         live shares of it on the nodes
 * @param expectedShares n for an active version, 0 for one that is deleted or destroyed
 */
public record FinalVersion(long version, String state, String value, long validFromMicros, int shares,
                           int expectedShares) {

    public boolean active() {
        return "active".equals(state);
    }

    public boolean tombstone() {
        return "deleted".equals(state);
    }
}
