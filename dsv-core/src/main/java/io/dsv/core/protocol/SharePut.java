package io.dsv.core.protocol;

/**
 * Writing phase, on {@code dsv.shard.<nodeId>}: store this sealed share as PENDING for the transaction.
 * The seal's context is (namespace, name, txId, shareIndex, nodeId).
 */
public record SharePut(String txId, String namespace, String name, int shareIndex, byte[] sealed) implements Message {

    @Override
    public String toString() {
        return "SharePut[txId=" + txId + ", " + namespace + "/" + name + ", share " + shareIndex + "]";
    }
}
