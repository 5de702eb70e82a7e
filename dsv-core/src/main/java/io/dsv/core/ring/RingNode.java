package io.dsv.core.ring;

/** A shard node on the ring: a stable id and a capacity weight (its share of the keys). */
public record RingNode(String nodeId, int weight) {

    public RingNode {
        if (nodeId == null || nodeId.isBlank()) {
            throw new IllegalArgumentException("nodeId must not be blank");
        }
        if (weight < 1) {
            throw new IllegalArgumentException("weight of node " + nodeId + " must be at least 1, got " + weight);
        }
    }
}
