package io.dsv.core.protocol;

/**
 * The decision on one transaction, on {@code dsv.tx} keyed by namespace/name: written only by
 * metadata, and the only commit point. Every owner applies decisions in log order and the first one
 * for a transaction wins; a later one (a retried publish, a former owner's) changes nothing.
 *
 * @param reason        for an abort, the API error code that explains it (secret_exists, conflict,
 *                      write_quorum_failed, ..., or {@link #REPLAY}); null for a commit
 * @param version       the version a commit creates; for a replay, the version the Idempotency-Key made
 * @param decidedAtMillis when the decider decided: a commit's version is valid from then on (or just
 *                      after its predecessor), the same for every owner that applies it
 * @param culprit       for a batch aborted because of one member, that member's name; else null
 */
public record TxDecision(String txId, String namespace, String name, boolean commit, String reason, long version,
                         long decidedAtMillis, String culprit) implements Message {

    /** An abort that answers a retried request with what its Idempotency-Key already produced. */
    public static final String REPLAY = "idempotent_replay";

    public static TxDecision commit(String txId, String namespace, String name, long version, long at) {
        return new TxDecision(txId, namespace, name, true, null, version, at, null);
    }

    public static TxDecision abort(String txId, String namespace, String name, String reason, long at) {
        return new TxDecision(txId, namespace, name, false, reason, 0L, at, null);
    }

    public String key() {
        return namespace + "/" + name;
    }

    public boolean replay() {
        return REPLAY.equals(reason);
    }
}
