package io.dsv.core.protocol;

/**
 * Every record that travels through Kafka. Values never do: shares travel sealed
 * ({@link SharePut#sealed()}), everything else is names, ids and outcomes.
 */
public sealed interface Message permits TxIntent, TxDecision, TxOutcome, Prepared, Destroyed, SharePut, ShareAbort,
        ShareDestroy, ShareAck, RepairRequest, MembershipChange, ShareRelease, AuditEvent {

    /** The transaction this message belongs to. */
    String txId();
}
