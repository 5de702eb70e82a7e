package io.dsv.core.protocol;

/**
 * Rebalancing moved this transaction's share elsewhere: drop this node's copy, whatever its state,
 * and acknowledge with {@link ShareAck.Kind#RELEASED}.
 */
public record ShareRelease(String txId, String namespace, String name) implements Message {
}
