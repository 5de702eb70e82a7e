package io.dsv.core.protocol;

/**
 * On {@code dsv.shard.<nodeId>}: store this sealed share. The seal's context is (namespace, name, txId,
 * shareIndex, nodeId), so it opens only for this node, key, transaction and x-coordinate.
 *
 * @param rebuilt false for a write's share (kept PENDING until metadata's decision, acknowledged to the
 *                key's owner on {@code dsv.tx.acks}); true for a share repair-service rebuilt for a
 *                committed version (kept as committed, acknowledged to it on {@code dsv.replies})
 */
public record SharePut(String txId, String namespace, String name, int shareIndex, byte[] sealed, boolean rebuilt)
        implements Message {

    @Override
    public String toString() {
        return "SharePut[txId=" + txId + ", " + namespace + "/" + name + ", share " + shareIndex + "]";
    }
}
