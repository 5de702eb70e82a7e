package io.dsv.core.protocol;

import java.util.List;

/**
 * Decision phase, on {@code dsv.tx} after the intent: commit the version with these holders, or abort.
 */
public record TxDecision(String txId, String namespace, String name, boolean commit, long version,
                         List<Holder> holders, String coordinator, String actor, String idempotencyKey)
        implements Message {
}
