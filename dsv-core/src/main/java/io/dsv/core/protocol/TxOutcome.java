package io.dsv.core.protocol;

/**
 * Metadata applied the decision on a transaction, on {@code dsv.replies} keyed by txId: only now may the
 * coordinator answer its client, and a read anywhere sees the effect.
 *
 * @param reason  for an abort, the API error code (or {@link TxDecision#REPLAY}); null for a commit
 * @param version the committed version, or for a replay the version the Idempotency-Key made
 * @param culprit for a batch aborted because of one member, that member's name
 */
public record TxOutcome(String txId, boolean committed, String reason, long version, String culprit)
        implements Message {

    public static TxOutcome of(TxDecision decision) {
        return new TxOutcome(decision.txId(), decision.commit(), decision.reason(), decision.version(),
                decision.culprit());
    }

    public boolean replay() {
        return TxDecision.REPLAY.equals(reason);
    }
}
