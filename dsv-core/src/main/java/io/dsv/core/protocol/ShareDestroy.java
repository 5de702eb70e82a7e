package io.dsv.core.protocol;

/** Delete: destroy every share this node holds for the key, all versions, and acknowledge. */
public record ShareDestroy(String txId, String namespace, String name) implements Message {
}
