package io.dsv.core.protocol;

/** The transaction aborted: drop its PENDING share. */
public record ShareAbort(String txId, String namespace, String name) implements Message {
}
