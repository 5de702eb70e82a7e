package io.dsv.core.protocol;

/**
 * A batch member's owner tells the batch's coordinating owner how the member stands, on
 * {@code dsv.tx.acks} keyed by the coordinator's key (so it reaches that partition's owner): ready
 * (the precondition holds and W holders stored their shares; the key is reserved for it) or refused
 * with the reason. Metadata writes these; nobody decides on them but the coordinating owner.
 */
public record Prepared(String txId, String batchId, String name, boolean ready, String reason, long version)
        implements Message {
}
