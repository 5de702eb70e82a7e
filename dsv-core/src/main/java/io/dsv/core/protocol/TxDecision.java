package io.dsv.core.protocol;

import java.util.List;

/**
 * Decision phase, on {@code dsv.tx} after the intent: commit the version with these holders, or abort.
 * The record in the log is the only commit point: metadata applies decisions in log order, and a
 * commit counts only if the transaction still holds the key's reservation. An abort names the holders
 * the shares were sent to, so that metadata can release them once it knows the transaction did not
 * commit.
 */
public record TxDecision(String txId, String namespace, String name, boolean commit, long version,
                         List<Holder> holders, String coordinator, String actor, String idempotencyKey)
        implements Message {
}
