package io.dsv.metadata.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsv.core.protocol.Destroyed;
import io.dsv.core.protocol.Holder;
import io.dsv.core.protocol.Message;
import io.dsv.core.protocol.Operation;
import io.dsv.core.protocol.Prepared;
import io.dsv.core.protocol.ShareAbort;
import io.dsv.core.protocol.ShareAck;
import io.dsv.core.protocol.ShareDestroy;
import io.dsv.core.protocol.Topics;
import io.dsv.core.protocol.TxDecision;
import io.dsv.core.protocol.TxIntent;
import io.dsv.core.protocol.TxOutcome;
import io.dsv.metadata.store.SecretVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The rules of design §4 (version 2) on one partition's owner, in milliseconds: the log is the only
 * commit point, the first decision wins, a replaying owner reaches the same state, and a delete
 * destroys exactly what it deleted. (dsv-local runs the same code on a real Kafka broker and Cassandra.)
 */
class PartitionLedgerTest {

    /** The default per partition: dsv.metadata.keys-in-memory (100,000) over the 8 partitions. */
    private static final int KEYS_KEPT = 12_500;
    private static final List<Holder> HOLDERS = IntStream.rangeClosed(1, 5)
            .mapToObj(i -> new Holder("shard-" + i, i)).toList();

    private final MemoryLedgerStore store = new MemoryLedgerStore();
    private final Owner owner = new Owner(store);

    @Test
    void aCreateCommitsAtWAcksAndIsAnsweredOnlyOnceItsDecisionCameBackThroughTheLog() {
        TxIntent create = intent("a", Operation.CREATE, 0);
        owner.intent(create);
        owner.acks(create, 3);
        assertThat(owner.published).isEmpty();                       // W = 4
        owner.acks(create, 4);
        assertThat(owner.published).singleElement().satisfies(d -> {
            assertThat(d.commit()).isTrue();
            assertThat(d.version()).isEqualTo(1);
        });
        assertThat(owner.replies()).isEmpty();
        assertThat(store.versions("ns", "a")).isEmpty();              // published is not decided

        owner.deliver();

        assertThat(owner.outcome(create)).satisfies(o -> {
            assertThat(o.committed()).isTrue();
            assertThat(o.version()).isEqualTo(1);
        });
        assertThat(store.versions("ns", "a")).singleElement().satisfies(v -> {
            assertThat(v.txId()).isEqualTo(create.txId());
            assertThat(v.holders()).hasSize(5);
            assertThat(v.writer()).isEqualTo("tester");
            assertThat(v.commitmentBytes()).as("every share's commitment, by index").hasSize(5)
                    .allSatisfy((index, c) -> assertThat(c).isEqualTo(commitments(create.txId()).get(index - 1)));
        });
        assertThat(owner.ledger.versions("ns", "a")).hasSize(1);       // look-ups see it before the reply leaves
    }

    @Test
    void aFailedPreconditionIsAbortedAtOnceAndTheHoldersReleaseTheShares() {
        committed("taken");
        TxIntent dup = intent("taken", Operation.CREATE, 0);
        owner.intent(dup);
        owner.deliver();
        assertThat(owner.outcome(dup).reason()).isEqualTo("secret_exists");
        assertThat(owner.sent).filteredOn(s -> s.message() instanceof ShareAbort a && a.txId().equals(dup.txId()))
                .hasSize(5);

        TxIntent missing = intent("missing", Operation.UPDATE, 0);
        owner.intent(missing);
        owner.deliver();
        assertThat(owner.outcome(missing).reason()).isEqualTo("secret_not_found");

        TxIntent stale = intent("taken", Operation.UPDATE, 7);
        owner.intent(stale);
        owner.deliver();
        assertThat(owner.outcome(stale).reason()).isEqualTo("version_mismatch");
        assertThat(store.versions("ns", "taken")).hasSize(1);
    }

    @Test
    void aWriteWithoutWAcksIsAbortedAtItsDeadlineNeverLater() {
        TxIntent create = intent("slow", Operation.CREATE, 0);
        owner.intent(create);
        owner.acks(create, 3);
        owner.now = create.deadlineMillis() - 1;
        owner.tick();
        assertThat(owner.published).isEmpty();
        owner.now = create.deadlineMillis();
        owner.tick();
        owner.acks(create, 5);                                        // too late: the abort is out
        owner.deliver();
        assertThat(owner.outcome(create).committed()).isFalse();
        assertThat(owner.outcome(create).reason()).isEqualTo("write_quorum_failed");
        assertThat(store.versions("ns", "slow")).isEmpty();
    }

    @Test
    void concurrentUpdatesQueueInLogOrderAndGetConsecutiveVersions() {
        committed("counter");
        List<TxIntent> updates = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            TxIntent update = intent("counter", Operation.UPDATE, 0);
            updates.add(update);
            owner.intent(update);
            owner.acks(update, 5);
        }
        for (int round = 0; round < 10; round++) {
            assertThat(owner.published).as("one decision at a time per key").hasSize(1);
            owner.deliver();
        }
        for (int i = 0; i < 10; i++) {
            assertThat(owner.outcome(updates.get(i)).version()).isEqualTo(i + 2);
        }
        List<SecretVersion> versions = store.versions("ns", "counter");
        assertThat(versions).extracting(SecretVersion::version).containsExactly(11L, 10L, 9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L);
        for (int i = 0; i + 1 < versions.size(); i++) {
            assertThat(versions.get(i + 1).validTo()).isEqualTo(versions.get(i).validFrom());
        }
    }

    /**
     * Failure 1 and 3 of the issue: the tombstone commits before any destroy is sent, and the destroys
     * name exactly the transactions of the versions it deleted, never the create queued behind it.
     */
    @Test
    void aDeleteCommitsItsTombstoneFirstAndDestroysOnlyTheVersionsItDeleted() {
        String v1 = committed("doomed").txId();
        TxIntent update = intent("doomed", Operation.UPDATE, 0);
        owner.intent(update);
        owner.acks(update, 5);
        owner.deliver();
        TxIntent delete = intent("doomed", Operation.DELETE, 0);
        TxIntent recreate = intent("doomed", Operation.CREATE, 0);
        owner.intent(delete);
        owner.intent(recreate);
        owner.acks(recreate, 5);                                      // its shares are stored before the delete commits
        assertThat(owner.sent).noneMatch(s -> s.message() instanceof ShareDestroy);

        owner.deliver();                                               // the tombstone
        assertThat(owner.outcome(delete).committed()).isTrue();
        assertThat(owner.sent).filteredOn(s -> s.message() instanceof ShareDestroy).hasSize(5)
                .allSatisfy(s -> assertThat(((ShareDestroy) s.message()).txIds())
                        .containsExactlyInAnyOrder(v1, update.txId()).doesNotContain(recreate.txId()));
        owner.deliver();                                               // the create behind it
        assertThat(owner.outcome(recreate).version()).isEqualTo(4);
        assertThat(store.versions("ns", "doomed")).extracting(SecretVersion::state)
                .containsExactly("active", "deleted", "destroyed", "destroyed");
    }

    @Test
    void aCommitWhoseCassandraWriteFailedIsCommittedWholeWhenItsDecisionIsReadAgain() {
        String v1 = committed("retried").txId();
        TxIntent delete = intent("retried", Operation.DELETE, 0, "ik-1", null);
        owner.intent(delete);
        TxDecision tombstone = owner.published.get(0);
        owner.published.clear();
        store.failingLatestWrites = 1;
        long offset = owner.txOffset++;

        // the first reading writes the versions, then fails: the consumer reads the same record again
        assertThatThrownBy(() -> owner.ledger.onDecision(tombstone, offset, owner.now)).isInstanceOf(IllegalStateException.class);
        owner.route(owner.ledger.onDecision(tombstone, offset, owner.now));

        assertThat(owner.outcome(delete).committed()).isTrue();
        assertThat(owner.outcome(delete).version()).isEqualTo(2);
        assertThat(store.idempotency("ns", "ik-1")).isPresent();
        assertThat(store.latest.get("ns/retried").version()).isEqualTo(2);
        assertThat(owner.sent).filteredOn(s -> s.message() instanceof ShareDestroy).hasSize(5)
                .allSatisfy(s -> assertThat(((ShareDestroy) s.message()).txIds()).containsExactly(v1));
        assertThat(owner.ledger.versions("ns", "retried")).extracting(SecretVersion::state)
                .containsExactly("deleted", "destroyed");
    }

    @Test
    void aDeleteIsConfirmedOnceNMinusKPlusOneHoldersOfEveryVersionDestroyed() {
        committed("gone");
        TxIntent delete = intent("gone", Operation.DELETE, 0);
        owner.intent(delete);
        owner.deliver();
        owner.destroyed(delete, "shard-1", "shard-2");
        assertThat(owner.replies()).noneMatch(m -> m instanceof Destroyed);
        owner.destroyed(delete, "shard-4");                            // n - k + 1 = 3
        assertThat(owner.replies()).filteredOn(m -> m instanceof Destroyed).hasSize(1);
    }

    @Test
    void theFirstDecisionInTheLogWinsWhateverComesAfter() {
        TxIntent create = intent("contested", Operation.CREATE, 0);
        owner.intent(create);
        owner.acks(create, 4);
        TxDecision commit = owner.published.get(0);
        owner.published.clear();
        TxDecision lateAbort = TxDecision.abort(create.txId(), "ns", "contested", "write_quorum_failed", owner.now);
        owner.decision(commit);
        owner.decision(lateAbort);                                    // a former owner's, landing after
        assertThat(store.versions("ns", "contested")).hasSize(1);
        assertThat(owner.outcomes(create)).allSatisfy(o -> assertThat(o.committed()).isTrue());

        TxIntent other = intent("other", Operation.CREATE, 0);
        owner.intent(other);
        owner.acks(other, 4);
        TxDecision otherCommit = owner.published.remove(0);
        owner.decision(TxDecision.abort(other.txId(), "ns", "other", "write_quorum_failed", owner.now));
        owner.decision(otherCommit);                                   // the commit landed second: it lost
        assertThat(store.versions("ns", "other")).isEmpty();
        assertThat(owner.outcomes(other)).allSatisfy(o -> assertThat(o.committed()).isFalse());
    }

    @Test
    void aDecisionLostOnTheWayIsDecidedAgainAndTheDuplicateChangesNothing() {
        TxIntent create = intent("retried", Operation.CREATE, 0);
        owner.intent(create);
        owner.acks(create, 4);
        TxDecision first = owner.published.remove(0);
        owner.ledger.decisionsLost(List.of(create.txId()));
        owner.tick();
        assertThat(owner.published).hasSize(1);
        owner.decision(first);                                         // it had landed after all
        owner.deliver();                                               // and so does the retry
        assertThat(store.versions("ns", "retried")).hasSize(1);
        assertThat(owner.outcomes(create)).extracting(TxOutcome::version).containsOnly(1L);
    }

    @Test
    void anOwnerThatReplaysThePartitionDecidesNothingUntilCaughtUpAndReachesTheSameState() {
        TxIntent decided = intent("replayed", Operation.CREATE, 0);
        TxIntent open = intent("open", Operation.CREATE, 0);
        owner.intent(decided);
        owner.acks(decided, 4);
        owner.deliver();
        owner.intent(open);
        owner.acks(open, 2);
        assertThat(owner.ledger.safeTxOffset(owner.txOffset)).isEqualTo(2);

        // A new owner reads the same partition from offset 0 with the store as the first owner left it.
        Owner next = new Owner(store, false);
        next.replay(owner.txLog, owner.ackLog);
        assertThat(next.published).as("nothing decided while replaying").isEmpty();
        assertThat(next.outcome(decided).committed()).isTrue();           // answered alike
        assertThat(store.versions("ns", "replayed")).hasSize(1);         // applied once
        next.resume();
        next.acks(open, 4);
        assertThat(next.published).singleElement().satisfies(d -> assertThat(d.txId()).isEqualTo(open.txId()));
    }

    @Test
    void offsetsAreNeverCommittedPastAnUndecidedIntentOrItsAcks() {
        TxIntent first = intent("o1", Operation.CREATE, 0);
        owner.intent(first);                                          // tx offset 0
        owner.acks(first, 2);                                         // ack offsets 0, 1
        assertThat(owner.ledger.safeTxOffset(5)).isZero();
        assertThat(owner.ledger.safeAckOffset(5)).isZero();
        owner.acks(first, 4);
        owner.deliver();
        assertThat(owner.ledger.safeTxOffset(5)).isEqualTo(5);
        assertThat(owner.ledger.safeAckOffset(5)).isEqualTo(5);
    }

    @Test
    void anAckThatArrivesBeforeItsIntentStillCounts() {
        TxIntent create = intent("early", Operation.CREATE, 0);
        owner.acks(create, 4);
        assertThat(owner.ledger.safeAckOffset(10)).isZero();
        owner.intent(create);
        assertThat(owner.published).singleElement().satisfies(d -> assertThat(d.commit()).isTrue());
    }

    @Test
    void anIdempotencyKeyAnswersWithItsFirstResultOrIsRefusedForAnotherRequest() {
        TxIntent first = intent("idem", Operation.CREATE, 0, "key-1", null);
        owner.intent(first);
        owner.acks(first, 4);
        owner.deliver();
        TxIntent retry = intent("idem", Operation.CREATE, 0, "key-1", null);
        owner.intent(retry);
        owner.deliver();
        assertThat(owner.outcome(retry)).satisfies(o -> {
            assertThat(o.replay()).isTrue();
            assertThat(o.version()).isEqualTo(1);
        });
        TxIntent misuse = intent("idem-other", Operation.CREATE, 0, "key-1", null);
        owner.intent(misuse);
        owner.deliver();
        assertThat(owner.outcome(misuse).reason()).isEqualTo("idempotency_key_reused");
        assertThat(store.versions("ns", "idem")).hasSize(1);
    }

    /** Issue 15: the name a namespace listing shows follows each committed version, a delete's tombstone too. */
    @Test
    void everyCommitRecordsTheKeysLatestVersionForListing() {
        committed("listed");
        assertThat(store.latest.get("ns/listed")).satisfies(v -> {
            assertThat(v.version()).isEqualTo(1);
            assertThat(v.state()).isEqualTo("active");
        });
        TxIntent update = intent("listed", Operation.UPDATE, 0);
        owner.intent(update);
        owner.acks(update, 4);
        owner.deliver();
        assertThat(store.latest.get("ns/listed").version()).isEqualTo(2);
        TxIntent delete = intent("listed", Operation.DELETE, 0);
        owner.intent(delete);
        owner.deliver();
        assertThat(store.latest.get("ns/listed")).satisfies(v -> {
            assertThat(v.version()).isEqualTo(3);
            assertThat(v.state()).isEqualTo("deleted");
        });
    }

    @Test
    void aRetryWithTheSameKeyButAnotherRequestMacIsRefusedAsReused() {
        TxIntent first = withMac(intent("mac", Operation.CREATE, 0, "key-2", null), new byte[] {1, 2, 3});
        owner.intent(first);
        owner.acks(first, 4);
        owner.deliver();
        TxIntent same = withMac(intent("mac", Operation.CREATE, 0, "key-2", null), new byte[] {1, 2, 3});
        owner.intent(same);
        owner.deliver();
        assertThat(owner.outcome(same).replay()).isTrue();
        TxIntent otherBody = withMac(intent("mac", Operation.CREATE, 0, "key-2", null), new byte[] {1, 2, 4});
        owner.intent(otherBody);
        owner.deliver();
        assertThat(owner.outcome(otherBody).reason()).isEqualTo("idempotency_key_reused");
        TxIntent noMac = intent("mac", Operation.CREATE, 0, "key-2", null);
        owner.intent(noMac);
        owner.deliver();
        assertThat(owner.outcome(noMac).reason()).isEqualTo("idempotency_key_reused");
        assertThat(store.versions("ns", "mac")).hasSize(1);
    }

    private static TxIntent withMac(TxIntent i, byte[] mac) {
        return new TxIntent(i.txId(), i.namespace(), i.name(), i.operation(), i.expectedVersion(), i.coordinator(),
                i.deadlineMillis(), i.idempotencyKey(), i.actor(), i.holders(), i.commitments(), i.batch(), mac);
    }

    @Test
    void aBatchCommitsEveryMemberInOneDecisionOrNone() {
        Owner other = new Owner(store);                                // another partition's owner
        String batchId = UUID.randomUUID().toString();
        String txA = UUID.randomUUID().toString();
        String txB = UUID.randomUUID().toString();
        TxIntent.Batch batch = new TxIntent.Batch(batchId, List.of(new TxIntent.Member("ns", "A", txA),
                new TxIntent.Member("ns", "B", txB)));
        TxIntent a = intent("A", Operation.CREATE, 0, null, batch, txA);
        TxIntent b = intent("B", Operation.CREATE, 0, null, batch, txB);
        owner.intent(a);                                               // owner coordinates (A is first)
        other.intent(b);
        owner.acks(a, 4);
        other.acks(b, 4);
        owner.forwardReports(owner);
        other.forwardReports(owner);
        assertThat(owner.published).extracting(TxDecision::txId).containsExactly(txA, txB);
        assertThat(owner.published).allSatisfy(d -> assertThat(d.commit()).isTrue());
        assertThat(owner.publishes).as("one publish: one Kafka transaction").isEqualTo(1);
        List<TxDecision> decisions = List.copyOf(owner.published);
        owner.decision(decisions.get(0));
        other.decision(decisions.get(1));
        assertThat(store.versions("ns", "A")).hasSize(1);
        assertThat(store.versions("ns", "B")).hasSize(1);
    }

    /** As the gateway sends a batch: only the coordinator's intent lists the members; the rest name it alone. */
    @Test
    void aBatchWhoseOtherMembersNameOnlyTheCoordinatorCommitsWhole() {
        Owner other = new Owner(store);
        String txA = UUID.randomUUID().toString();
        String txB = UUID.randomUUID().toString();
        String txC = UUID.randomUUID().toString();
        TxIntent.Batch batch = new TxIntent.Batch("b-short", List.of(new TxIntent.Member("ns", "SA", txA),
                new TxIntent.Member("ns", "SB", txB), new TxIntent.Member("ns", "SC", txC)));
        TxIntent a = intent("SA", Operation.CREATE, 0, null, batch, txA);
        TxIntent b = intent("SB", Operation.CREATE, 0, null, batch.withCoordinatorOnly(), txB);
        TxIntent c = intent("SC", Operation.CREATE, 0, null, batch.withCoordinatorOnly(), txC);
        owner.intent(a);
        owner.intent(c);                                               // one member on the coordinator's owner
        other.intent(b);
        owner.acks(a, 4);
        owner.acks(c, 4);
        other.acks(b, 4);
        other.forwardReports(owner);
        assertThat(owner.published).as("waits for every member the coordinator's intent lists").isEmpty();
        owner.forwardReports(owner);

        assertThat(owner.published).extracting(TxDecision::txId).containsExactly(txA, txB, txC);
        assertThat(owner.published).allSatisfy(d -> assertThat(d.commit()).isTrue());
        assertThat(other.published).isEmpty();
    }

    @Test
    void aBatchWithOneRefusedMemberAbortsEveryMemberNamingIt() {
        committed("TAKEN");
        Owner other = new Owner(store);
        String txA = UUID.randomUUID().toString();
        String txB = UUID.randomUUID().toString();
        TxIntent.Batch batch = new TxIntent.Batch("b2", List.of(new TxIntent.Member("ns", "FRESH", txA),
                new TxIntent.Member("ns", "TAKEN", txB)));
        TxIntent a = intent("FRESH", Operation.CREATE, 0, null, batch, txA);
        TxIntent b = intent("TAKEN", Operation.CREATE, 0, null, batch, txB);
        owner.intent(a);
        other.intent(b);
        owner.acks(a, 5);
        other.acks(b, 5);
        other.forwardReports(owner);
        assertThat(owner.published).hasSize(2).allSatisfy(d -> {
            assertThat(d.commit()).isFalse();
            assertThat(d.reason()).isEqualTo("secret_exists");
            assertThat(d.culprit()).isEqualTo("TAKEN");
        });
        List<TxDecision> decisions = List.copyOf(owner.published);
        owner.decision(decisions.get(0));
        other.decision(decisions.get(1));
        assertThat(store.versions("ns", "FRESH")).isEmpty();
        assertThat(store.versions("ns", "TAKEN")).hasSize(1);
    }

    /**
     * Issue 13: the same Idempotency-Key with another .env file. The second member's "exists" report arrives
     * first, but the coordinator's verdict (the key reused) decides the batch, whatever the order.
     */
    @Test
    void aKeyedBatchIsDecidedByTheCoordinatorsVerdictNotByWhicheverRefusalArrivesFirst() {
        TxIntent firstA = withMac(intent("K-A", Operation.CREATE, 0, "key-env", null), new byte[] {1});
        owner.intent(firstA);
        owner.acks(firstA, 4);
        owner.deliver();
        committed("K-B");
        Owner other = new Owner(store);
        String txA = UUID.randomUUID().toString();
        String txB = UUID.randomUUID().toString();
        TxIntent.Batch batch = new TxIntent.Batch("b-keyed", List.of(new TxIntent.Member("ns", "K-A", txA),
                new TxIntent.Member("ns", "K-B", txB)));
        TxIntent a = withMac(intent("K-A", Operation.CREATE, 0, "key-env", batch, txA), new byte[] {2});
        TxIntent b = intent("K-B", Operation.CREATE, 0, null, batch, txB);
        owner.intent(a);
        other.intent(b);
        other.acks(b, 5);
        other.forwardReports(owner);                                   // "exists" first
        assertThat(owner.published).as("waits for the coordinator's verdict").isEmpty();
        owner.forwardReports(owner);
        assertThat(owner.published).hasSize(2).allSatisfy(d -> {
            assertThat(d.commit()).isFalse();
            assertThat(d.reason()).isEqualTo("idempotency_key_reused");
        });
    }

    @Test
    void aBatchMemberIsNeverDecidedByItsOwnOwnerEvenPastItsDeadline() {
        TxIntent.Batch batch = new TxIntent.Batch("b3", List.of(new TxIntent.Member("ns", "C1", "c1"),
                new TxIntent.Member("ns", "C2", "c2")));
        Owner participant = new Owner(store);
        TxIntent second = intent("C2", Operation.CREATE, 0, null, batch, "c2");
        participant.intent(second);
        participant.acks(second, 5);
        participant.now = second.deadlineMillis() + 60_000;
        participant.tick();
        assertThat(participant.published).isEmpty();
        assertThat(participant.sent).anyMatch(s -> s.topic().equals(Topics.ACKS) && s.message() instanceof Prepared p
                && p.ready() && s.key().equals("ns/C1"));
    }

    @Test
    void aCommitForATransactionNeverSeenAndNeverAppliedChangesNothing() {
        owner.decision(TxDecision.commit("ghost", "ns", "ghost", 1, owner.now));
        assertThat(store.versions("ns", "ghost")).isEmpty();
        assertThat(owner.replies()).isEmpty();
    }

    @Test
    void aWriteQueuedTooLongBehindAnotherIsAbortedAsAConflict() {
        TxIntent holder = intent("busy", Operation.CREATE, 0);
        TxIntent waiter = intent("busy", Operation.CREATE, 0);
        owner.intent(holder);
        owner.intent(waiter);
        owner.now = waiter.deadlineMillis();
        owner.tick();
        owner.deliver();
        assertThat(owner.outcome(waiter).reason()).isIn("conflict", "write_quorum_failed");
        assertThat(owner.outcome(holder).reason()).isEqualTo("write_quorum_failed");
    }

    @Test
    void aRetryQueuedBehindItsFirstAttemptWaitsForItsTurnAndLearnsTheOutcome() {
        TxIntent first = intent("retried-key", Operation.CREATE, 0, "idem-9", null);
        TxIntent retry = intent("retried-key", Operation.CREATE, 0, "idem-9", null);
        owner.intent(first);
        owner.intent(retry);
        owner.now = retry.deadlineMillis() + 1;                        // both past their deadlines
        owner.acks(first, 4);
        TxDecision commit = TxDecision.commit(first.txId(), "ns", "retried-key", 1, first.deadlineMillis() - 1);
        owner.tick();
        assertThat(owner.published).as("the retry is not refused while its first attempt is undecided")
                .noneMatch(d -> d.txId().equals(retry.txId()));
        owner.published.clear();
        owner.decision(commit);                                        // the first attempt's commit, published in time
        owner.deliver();
        assertThat(owner.outcome(retry).replay()).isTrue();
        assertThat(owner.outcome(retry).version()).isEqualTo(1);
    }

    /**
     * Found by the history test: a retry whose first attempt committed (the client was told
     * commit_unconfirmed) queued behind another write that held the key past the retry's deadline. It was
     * refused as a conflict, so the client was told its committed write failed; it must learn the result.
     */
    @Test
    void aRetryWhoseFirstAttemptCommittedLearnsThatResultEvenWhenItWaitedBehindAnotherWrite() {
        committed("held", "idem-7");
        TxIntent other = new TxIntent(UUID.randomUUID().toString(), "ns", "held", Operation.UPDATE, 0, "gw-2",
                owner.now + 20_000, null, "tester", HOLDERS, commitments("other"), null);
        owner.intent(other);                                            // holds the key, short of acks
        TxIntent retry = intent("held", Operation.CREATE, 0, "idem-7", null);
        owner.intent(retry);
        owner.now = retry.deadlineMillis() + 1;                        // the retry's deadline, not the other's
        owner.tick();
        owner.deliver();

        assertThat(owner.outcome(retry)).satisfies(o -> {
            assertThat(o.replay()).as(o.toString()).isTrue();
            assertThat(o.version()).isEqualTo(1);
        });
        assertThat(owner.ledger.versions("ns", "held")).hasSize(1);
    }

    // --- helpers ---

    /**
     * The owner keeps at most keysKept key states in memory: past it, the next tick drops the least recently
     * used idle ones (to nine tenths), and a dropped key is read again from the store when asked, with all
     * it had: look-ups see its versions and a write's precondition its latest.
     */
    @Test
    void pastItsLimitIdleKeysAreDroppedAndReadAgainFromTheStoreWhenAsked() {
        Owner small = new Owner(store, true, 10);
        for (int i = 0; i < 20; i++) {
            TxIntent create = intent("k-" + i, Operation.CREATE, 0);
            small.intent(create);
            small.acks(create, 5);
            small.deliver();
            assertThat(small.outcome(create).committed()).isTrue();
        }

        small.tick();

        assertThat(small.ledger.keysInMemory()).isEqualTo(9);
        assertThat(small.ledger.versions("ns", "k-0")).singleElement()
                .satisfies(v -> assertThat(v.version()).isEqualTo(1));        // read again from the store
        TxIntent update = intent("k-1", Operation.UPDATE, 1);                  // If-Match: 1, the stored latest
        small.intent(update);
        small.acks(update, 5);
        small.deliver();
        assertThat(small.outcome(update).version()).isEqualTo(2);
    }

    /** A key with a transaction in flight is never dropped, however far past the limit the owner is. */
    @Test
    void aKeyWithAWriteInFlightIsNeverDropped() {
        Owner small = new Owner(store, true, 1);
        TxIntent create = intent("in-flight", Operation.CREATE, 0);
        small.intent(create);
        small.acks(create, 2);                                                 // short of W = 4
        for (int i = 0; i < 5; i++) {
            assertThat(small.ledger.versions("ns", "absent-" + i)).isEmpty();  // look-ups of names never written
        }

        small.tick();

        assertThat(small.ledger.keysInMemory()).isEqualTo(1);
        small.acks(create, 5);
        small.deliver();
        assertThat(small.outcome(create).committed()).isTrue();
    }

    /** Repair moving a version's holders on a key dropped from memory writes the store and is seen by look-ups. */
    @Test
    void aHolderMoveOnADroppedKeyIsSeenWhenTheKeyIsReadAgain() {
        Owner small = new Owner(store, true, 1);
        for (String name : List.of("moved", "other")) {
            TxIntent create = intent(name, Operation.CREATE, 0);
            small.intent(create);
            small.acks(create, 5);
            small.deliver();
        }
        small.tick();
        assertThat(small.ledger.keysInMemory()).isZero();

        List<Holder> holders = List.of(new Holder("shard-6", 1), HOLDERS.get(1), HOLDERS.get(2), HOLDERS.get(3),
                HOLDERS.get(4));
        assertThat(small.ledger.moveHolders("ns", "moved", 1, holders, Map.of(1, new byte[32]))).isTrue();

        assertThat(small.ledger.versions("ns", "moved").get(0).holders()).containsEntry("shard-6", 1)
                .doesNotContainKey("shard-1");
    }

    private TxIntent committed(String name) {
        return committed(name, null);
    }

    private TxIntent committed(String name, String idempotencyKey) {
        TxIntent create = intent(name, Operation.CREATE, 0, idempotencyKey, null);
        owner.intent(create);
        owner.acks(create, 5);
        owner.deliver();
        assertThat(owner.outcome(create).committed()).isTrue();
        return create;
    }

    private TxIntent intent(String name, Operation operation, long expected) {
        return intent(name, operation, expected, null, null);
    }

    private TxIntent intent(String name, Operation operation, long expected, String idempotencyKey, TxIntent.Batch batch) {
        return intent(name, operation, expected, idempotencyKey, batch, UUID.randomUUID().toString());
    }

    @Test
    void aRebuiltShareReplacesOnlyItsOwnCommitmentAndADeletedVersionTakesNone() {
        TxIntent create = intent("moved", Operation.CREATE, 0);
        owner.intent(create);
        owner.acks(create, 5);
        owner.deliver();
        byte[] fresh = "a new salt's commitment, 32 bytes".getBytes();

        assertThat(owner.ledger.moveHolders("ns", "moved", 1, HOLDERS, Map.of(3, fresh))).isTrue();

        Map<Integer, byte[]> recorded = store.versions("ns", "moved").get(0).commitmentBytes();
        assertThat(recorded.get(3)).isEqualTo(fresh);
        for (int index : List.of(1, 2, 4, 5)) {
            assertThat(recorded.get(index)).isEqualTo(commitments(create.txId()).get(index - 1));
        }
        assertThat(owner.ledger.versions("ns", "moved").get(0).commitmentBytes().get(3)).isEqualTo(fresh);

        TxIntent delete = intent("moved", Operation.DELETE, 0);
        owner.intent(delete);
        owner.deliver();
        assertThat(owner.ledger.moveHolders("ns", "moved", 1, HOLDERS, Map.of(3, new byte[32]))).isFalse();
        assertThat(store.versions("ns", "moved").stream().filter(v -> v.version() == 1).findFirst().orElseThrow()
                .commitmentBytes().get(3)).isEqualTo(fresh);
    }

    /** A stand-in commitment per share, different for every transaction and index. */
    private static List<byte[]> commitments(String txId) {
        return HOLDERS.stream().map(h -> (txId + "/" + h.shareIndex()).getBytes()).toList();
    }

    private TxIntent intent(String name, Operation operation, long expected, String idempotencyKey, TxIntent.Batch batch,
                            String txId) {
        return new TxIntent(txId, "ns", name, operation, expected, "gw-1", owner.now + 5_000, idempotencyKey,
                "tester", operation == Operation.DELETE ? List.of() : HOLDERS,
                operation == Operation.DELETE ? List.of() : commitments(txId), batch);
    }

    /** One partition's owner with its two logs: what the consumer loop does, minus Kafka. */
    static final class Owner {
        final PartitionLedger ledger;
        final List<Message> txLog = new ArrayList<>();
        final List<ShareAck> ackLog = new ArrayList<>();
        final List<Effect.Send> sent = new ArrayList<>();
        final List<TxDecision> published = new ArrayList<>();
        int publishes;
        long txOffset;
        long ackOffset;
        long now = 1_000_000;

        Owner(MemoryLedgerStore store) {
            this(store, true);
        }

        Owner(MemoryLedgerStore store, boolean ready) {
            this(store, ready, KEYS_KEPT);
        }

        Owner(MemoryLedgerStore store, boolean ready, int keysKept) {
            this.ledger = new PartitionLedger(0, store, 4, 3, keysKept);
            if (ready) {
                route(ledger.resume(now));
            }
        }

        void intent(TxIntent intent) {
            txLog.add(intent);
            route(ledger.onIntent(intent, txOffset++, now));
        }

        void decision(TxDecision decision) {
            txLog.add(decision);
            route(ledger.onDecision(decision, txOffset++, now));
        }

        void acks(TxIntent intent, int count) {
            for (int i = 0; i < count; i++) {
                Holder h = intent.holders().get(i);
                ShareAck ack = new ShareAck(intent.txId(), h.nodeId(), h.shareIndex(), ShareAck.Kind.STORED);
                ackLog.add(ack);
                route(ledger.onAck(ack, ackOffset++, now));
            }
        }

        void destroyed(TxIntent delete, String... nodes) {
            for (String node : nodes) {
                route(ledger.onAck(new ShareAck(delete.txId(), node, 0, ShareAck.Kind.DESTROYED), ackOffset++, now));
            }
        }

        void tick() {
            route(ledger.tick(now));
        }

        void resume() {
            route(ledger.resume(now));
        }

        /** The published decisions come back through the log, in order. */
        void deliver() {
            List<TxDecision> out = List.copyOf(published);
            published.clear();
            out.forEach(this::decision);
        }

        /** Batch reports this owner sent travel to the coordinating owner's acks partition. */
        void forwardReports(Owner coordinator) {
            for (Effect.Send send : List.copyOf(sent)) {
                if (send.message() instanceof Prepared p) {
                    coordinator.route(coordinator.ledger.onPrepared(p, coordinator.ackOffset++, now));
                    sent.remove(send);
                }
            }
        }

        void replay(List<Message> tx, List<ShareAck> acks) {
            for (ShareAck ack : acks) {
                route(ledger.onAck(ack, ackOffset++, now));
            }
            for (Message m : tx) {
                if (m instanceof TxIntent i) {
                    route(ledger.onIntent(i, txOffset++, now));
                } else if (m instanceof TxDecision d) {
                    route(ledger.onDecision(d, txOffset++, now));
                }
            }
        }

        void route(List<Effect> effects) {
            for (Effect effect : effects) {
                if (effect instanceof Effect.Publish p) {
                    publishes++;
                    published.addAll(p.decisions());
                } else if (effect instanceof Effect.Send s) {
                    sent.add(s);
                }
            }
        }

        List<Message> replies() {
            return sent.stream().filter(s -> s.topic().equals(Topics.REPLIES)).map(Effect.Send::message).toList();
        }

        List<TxOutcome> outcomes(TxIntent intent) {
            return replies().stream().filter(m -> m instanceof TxOutcome o && o.txId().equals(intent.txId()))
                    .map(TxOutcome.class::cast).toList();
        }

        TxOutcome outcome(TxIntent intent) {
            List<TxOutcome> all = outcomes(intent);
            assertThat(all).as("outcome of %s", intent.name()).isNotEmpty();
            return all.get(all.size() - 1);
        }
    }
}
