package io.dsv.core.protocol;

/**
 * What an Idempotency-Key produced: the operation on which name, and the version it committed. No
 * value and no hash of one: a retry's body is compared with the stored secret by reading it back.
 */
public record IdempotencyRecord(String namespace, String idempotencyKey, String name, String operation, long version) {
}
