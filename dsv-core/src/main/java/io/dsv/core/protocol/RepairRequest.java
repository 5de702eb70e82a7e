package io.dsv.core.protocol;

import java.util.List;

/**
 * On {@code dsv.repair}: the shares of this version on these holders did not answer a read (or an
 * anti-entropy sweep found them missing), or answered with a share that does not match its commitment.
 * Rebuild each at its own x-coordinate; the version and the healthy shares do not change.
 * {@code txId} is the version's writing transaction.
 *
 * @param missing holders that did not answer with a share
 * @param bad     holders that answered with a share that failed its commitment; repair checks them
 *                itself before it rebuilds (a request is a hint, not evidence)
 */
public record RepairRequest(String txId, String namespace, String name, long version, List<Holder> missing,
                            List<Holder> bad, String requestedBy) implements Message {

    public RepairRequest {
        missing = missing == null ? List.of() : List.copyOf(missing);
        bad = bad == null ? List.of() : List.copyOf(bad);
    }
}
