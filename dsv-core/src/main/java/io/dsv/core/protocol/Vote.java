package io.dsv.core.protocol;

/**
 * Metadata's answer to an intent, on {@code dsv.replies}: yes with the version the write will have,
 * or no with the API error code (secret_exists, secret_not_found, conflict, version_mismatch).
 */
public record Vote(String txId, boolean yes, long version, String errorCode) implements Message {
}
