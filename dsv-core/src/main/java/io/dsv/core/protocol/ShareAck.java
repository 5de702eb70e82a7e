package io.dsv.core.protocol;

/** A shard node stored (PUT) or destroyed (DESTROY) what the transaction asked, on {@code dsv.replies}. */
public record ShareAck(String txId, String nodeId, int shareIndex, Kind kind) implements Message {

    public enum Kind {
        STORED,
        DESTROYED,
        RELEASED
    }
}
