package io.dsv.core.protocol;

/**
 * Metadata's answer to an intent, on {@code dsv.replies}: yes with the version the write will have,
 * or no with the API error code (secret_exists, secret_not_found, conflict, version_mismatch,
 * idempotency_key_reused), or no with {@link #REPLAY}: the Idempotency-Key already produced
 * {@code version} of this key with this operation.
 */
public record Vote(String txId, boolean yes, long version, String errorCode) implements Message {

    public static final String REPLAY = "idempotent_replay";

    public boolean replay() {
        return REPLAY.equals(errorCode);
    }
}
