package io.dsv.core.protocol;

/**
 * Ordering phase, on {@code dsv.tx} keyed by namespace/name: a coordinator wants to change one key.
 *
 * @param expectedVersion the version the key must be at (check-and-set), 0 for none
 * @param coordinator     the gateway instance waiting for the vote
 * @param leaseMillis     how long the key stays reserved without a decision
 * @param idempotencyKey  the client's Idempotency-Key, or null
 */
public record TxIntent(String txId, String namespace, String name, Operation operation, long expectedVersion,
                       String coordinator, long leaseMillis, long createdAtMillis, String idempotencyKey)
        implements Message {
}
