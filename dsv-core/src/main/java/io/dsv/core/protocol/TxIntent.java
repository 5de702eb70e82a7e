package io.dsv.core.protocol;

import java.util.List;

/**
 * A coordinator (gateway) wants to change one key: on {@code dsv.tx}, keyed by namespace/name, so
 * that the key's records keep their log order. The owner of the key's partition in metadata decides it
 * (design §4): it checks the precondition and the idempotency key, counts the holders' acks, and
 * writes the decision into the same log, which is the only commit point.
 *
 * @param expectedVersion the version the key must be at (If-Match), 0 for none
 * @param coordinator     the gateway instance waiting for the outcome
 * @param deadlineMillis  epoch millis after which the write can no longer commit: the owner aborts it
 * @param idempotencyKey  the client's Idempotency-Key, or null
 * @param actor           who writes (recorded in history), never a secret
 * @param holders         where the shares were sent: share i to the i-th holder; empty for a delete
 * @param commitments     the i-th holder's share commitment ({@link io.dsv.core.shamir.SaltedShare#commitment}),
 *                        which metadata records and every reader checks that share against (design §5.3)
 * @param batch           the .env batch this write belongs to, or null for a single-key write
 * @param requestMac      with an Idempotency-Key: a MAC of the whole request under a key only gateways hold,
 *                        so that metadata can tell a replay from another request under the same key without
 *                        learning anything of a value; null otherwise
 */
public record TxIntent(String txId, String namespace, String name, Operation operation, long expectedVersion,
                       String coordinator, long deadlineMillis, String idempotencyKey, String actor,
                       List<Holder> holders, List<byte[]> commitments, Batch batch, byte[] requestMac)
        implements Message {

    /** An intent without a request MAC (no Idempotency-Key). */
    public TxIntent(String txId, String namespace, String name, Operation operation, long expectedVersion,
                    String coordinator, long deadlineMillis, String idempotencyKey, String actor,
                    List<Holder> holders, List<byte[]> commitments, Batch batch) {
        this(txId, namespace, name, operation, expectedVersion, coordinator, deadlineMillis, idempotencyKey, actor,
                holders, commitments, batch, null);
    }

    public TxIntent {
        holders = holders == null ? List.of() : List.copyOf(holders);
        commitments = commitments == null ? List.of() : List.copyOf(commitments);
        if (commitments.size() != holders.size()) {
            throw new IllegalArgumentException("an intent names one commitment per holder: " + holders.size()
                    + " holders, " + commitments.size() + " commitments");
        }
    }

    /** Each share index's commitment. */
    public java.util.Map<Integer, byte[]> commitmentsByIndex() {
        java.util.Map<Integer, byte[]> byIndex = new java.util.LinkedHashMap<>();
        for (int i = 0; i < holders.size(); i++) {
            byIndex.put(holders.get(i).shareIndex(), commitments.get(i));
        }
        return byIndex;
    }

    public String key() {
        return namespace + "/" + name;
    }

    /**
     * Several keys written all or nothing. The owner of the first member's partition coordinates: the
     * other owners report {@link Prepared} to it, and it writes every member's decision in one Kafka
     * transaction. The coordinator's intent lists every member; each other member's intent carries
     * {@link #withCoordinatorOnly()}, which is all its owner needs: where to report.
     */
    public record Batch(String batchId, List<Member> members) {

        public Batch {
            members = List.copyOf(members);
            if (members.isEmpty()) {
                throw new IllegalArgumentException("a batch names at least its coordinator");
            }
        }

        public Member coordinator() {
            return members.get(0);
        }

        /**
         * The batch as the other members' intents carry it: its id and its coordinator. With the whole
         * list in every intent, a file of n keys put n² members into the log (a 10,000-line file about
         * 6 GB); this way it is 2n.
         */
        public Batch withCoordinatorOnly() {
            return new Batch(batchId, List.of(coordinator()));
        }
    }

    /** One key of a batch and its transaction. */
    public record Member(String namespace, String name, String txId) {

        public String key() {
            return namespace + "/" + name;
        }
    }
}
