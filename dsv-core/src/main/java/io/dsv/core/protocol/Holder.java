package io.dsv.core.protocol;

/** Shard node {@code nodeId} holds share {@code shareIndex} (its x-coordinate) of a version. */
public record Holder(String nodeId, int shareIndex) {
}
