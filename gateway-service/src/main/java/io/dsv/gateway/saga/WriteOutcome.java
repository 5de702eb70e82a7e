package io.dsv.gateway.saga;

/**
 * The result of one key's write: the version it committed, or — when {@code replayed} — the version
 * an earlier request with the same Idempotency-Key committed (nothing was written this time).
 */
public record WriteOutcome(long version, boolean replayed) {
}
