package io.dsv.core.protocol;

/** Metadata applied a decision, on {@code dsv.replies}: only now may the coordinator answer the client. */
public record Applied(String txId, boolean commit, long version) implements Message {
}
