package io.dsv.core.protocol;

/**
 * A shard node stored (STORED), destroyed (DESTROYED) or released (RELEASED) what a command asked. A
 * write's and a delete's acks go to {@code dsv.tx.acks} keyed by namespace/name, so that the owner of
 * the key's partition in metadata counts them; acks of shares rebuilt by repair-service go to
 * {@code dsv.replies}, where repair-service waits for them.
 */
public record ShareAck(String txId, String nodeId, int shareIndex, Kind kind) implements Message {

    public enum Kind {
        STORED,
        DESTROYED,
        RELEASED
    }
}
