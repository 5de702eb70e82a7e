package io.dsv.core.protocol;

/** The transaction committed as {@code version}: promote its PENDING share. */
public record ShareCommit(String txId, String namespace, String name, long version) implements Message {
}
