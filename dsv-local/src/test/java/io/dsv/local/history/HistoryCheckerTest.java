package io.dsv.local.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsv.local.history.HistoryChecker.Anomaly;
import io.dsv.local.history.Op.Kind;
import io.dsv.local.history.Op.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The history checker must be able to fail: each bad history below breaks one property of design §9
 * and must be reported; the good one must not be.
 */
class HistoryCheckerTest {

    private final List<Op> ops = new ArrayList<>();
    private long clock = 1_000;

    @Test
    void aHistoryThatKeepsEveryPromiseHasNoAnomaly() {
        write(Kind.CREATE, "k", "a", Outcome.OK, 1);
        read("k", Outcome.OK, "a", 1);
        write(Kind.UPDATE, "k", "b", Outcome.UNKNOWN, 0);                // applied after all, as version 2
        write(Kind.UPDATE, "k", "c", Outcome.FAIL, 0);                   // refused, never visible
        read("k", Outcome.OK, "b", 2);
        readVersion("k", 1, Outcome.OK, "a");
        write(Kind.DELETE, "k", null, Outcome.OK, 3);
        read("k", Outcome.NOT_FOUND, null, 0);
        Map<String, List<FinalVersion>> state = Map.of("k", List.of(destroyed(1), destroyed(2), tombstone(3)));
        assertThat(HistoryChecker.check(ops, state)).isEmpty();
    }

    @Test
    void aLostAcknowledgedWriteIsReported() {
        write(Kind.CREATE, "k", "a", Outcome.OK, 1);
        write(Kind.UPDATE, "k", "b", Outcome.OK, 2);
        Map<String, List<FinalVersion>> state = Map.of("k", List.of(active(1, "a")));     // version 2 is gone
        assertThat(kinds(HistoryChecker.check(ops, state))).contains("lost acknowledged write");
    }

    @Test
    void aVisibleFailedWriteIsReported() {
        write(Kind.CREATE, "k", "a", Outcome.OK, 1);
        write(Kind.UPDATE, "k", "refused", Outcome.FAIL, 0);
        read("k", Outcome.OK, "refused", 2);
        Map<String, List<FinalVersion>> state = Map.of("k", List.of(active(1, "a"), active(2, "refused")));
        assertThat(kinds(HistoryChecker.check(ops, state))).contains("visible failed write");
    }

    @Test
    void aReadOfAValueNeverWrittenIsReported() {
        write(Kind.CREATE, "k", "a", Outcome.OK, 1);
        read("k", Outcome.OK, "invented", 1);
        Map<String, List<FinalVersion>> state = Map.of("k", List.of(active(1, "a")));
        assertThat(kinds(HistoryChecker.check(ops, state))).contains("read of a value never written");
    }

    @Test
    void aVersionGapIsReported() {
        write(Kind.CREATE, "k", "a", Outcome.OK, 1);
        write(Kind.UPDATE, "k", "b", Outcome.OK, 3);
        Map<String, List<FinalVersion>> state = Map.of("k", List.of(active(1, "a"), active(3, "b")));
        assertThat(kinds(HistoryChecker.check(ops, state))).contains("version gap");
    }

    @Test
    void aStaleReadAfterAnAcknowledgedWriteIsReported() {
        write(Kind.CREATE, "k", "a", Outcome.OK, 1);
        write(Kind.UPDATE, "k", "b", Outcome.OK, 2);
        read("k", Outcome.OK, "a", 1);                                   // started after version 2 was acknowledged
        Map<String, List<FinalVersion>> state = Map.of("k", List.of(active(1, "a"), active(2, "b")));
        assertThat(kinds(HistoryChecker.check(ops, state))).containsExactly("stale read");
    }

    @Test
    void aReadThatMissesAnAcknowledgedWriteEntirelyIsAStaleRead() {
        write(Kind.CREATE, "k", "a", Outcome.OK, 1);
        read("k", Outcome.NOT_FOUND, null, 0);
        Map<String, List<FinalVersion>> state = Map.of("k", List.of(active(1, "a")));
        assertThat(kinds(HistoryChecker.check(ops, state))).containsExactly("stale read");
    }

    @Test
    void anUnknownWriteAppliedTwiceIsReported() {
        write(Kind.UPDATE, "k", "twice", Outcome.UNKNOWN, 0);
        Map<String, List<FinalVersion>> state = Map.of("k", List.of(active(1, "twice"), active(2, "twice")));
        assertThat(kinds(HistoryChecker.check(ops, state))).contains("applied twice");
    }

    @Test
    void aRetryThatTheLogRefusedSettlesTheUnknownFirstAttemptAsNotApplied() {
        Op first = write(Kind.CREATE, "k", "a", Outcome.UNKNOWN, 0);
        retry(first, Outcome.FAIL, 0, "secret_exists");
        Map<String, List<FinalVersion>> state = Map.of("k", List.of(active(1, "a")));
        assertThat(kinds(HistoryChecker.check(ops, state))).contains("visible failed write");
    }

    @Test
    void aRetryRefusedOnTheWireSettlesNothing() {
        Op first = write(Kind.CREATE, "k", "a", Outcome.UNKNOWN, 0);
        retry(first, Outcome.FAIL, 0, "connection_refused");
        Map<String, List<FinalVersion>> state = Map.of("k", List.of(active(1, "a")));
        assertThat(HistoryChecker.check(ops, state)).isEmpty();
    }

    @Test
    void aTombstoneWithoutADeleteThatMayHaveMadeItIsReported() {
        write(Kind.CREATE, "k", "a", Outcome.OK, 1);
        write(Kind.DELETE, "k", null, Outcome.FAIL, 0);
        Map<String, List<FinalVersion>> state = Map.of("k", List.of(destroyed(1), tombstone(2)));
        assertThat(kinds(HistoryChecker.check(ops, state))).contains("visible failed delete");
    }

    @Test
    void missingOrSurvivingSharesAfterHealingAreReported() {
        write(Kind.CREATE, "k", "a", Outcome.OK, 1);
        write(Kind.UPDATE, "k", "b", Outcome.OK, 2);
        Map<String, List<FinalVersion>> state = Map.of("k", List.of(
                new FinalVersion(1, "destroyed", null, 0, 1, 0), new FinalVersion(2, "active", "b", 0, 4, 5)));
        assertThat(kinds(HistoryChecker.check(ops, state))).contains("deleted shares survive", "shares not restored");
    }

    @Test
    void aServerErrorIsReported() {
        ops.add(new Op(1, Kind.READ, "k", null, 0, tick(), tick(), Outcome.FAIL, null, 0, null, "http_500"));
        assertThat(kinds(HistoryChecker.check(ops, Map.of()))).contains("server error");
    }

    // --- a tiny history builder: every operation completes before the next one starts ---

    private Op write(Kind kind, String key, String value, Outcome outcome, long version) {
        Op op = new Op(1, kind, key, "ik-" + ops.size(), 0, tick(), tick(), outcome, value, version, null,
                outcome == Outcome.FAIL ? "secret_exists" : null);
        ops.add(op);
        return op;
    }

    private void retry(Op first, Outcome outcome, long version, String code) {
        ops.add(new Op(2, first.kind(), first.key(), first.idempotencyKey(), 0, tick(), tick(), outcome, first.value(),
                version, null, code));
    }

    private void read(String key, Outcome outcome, String value, long version) {
        ops.add(new Op(1, Kind.READ, key, null, 0, tick(), tick(), outcome, value, version, null, null));
    }

    private void readVersion(String key, long version, Outcome outcome, String value) {
        ops.add(new Op(1, Kind.READ_VERSION, key, null, version, tick(), tick(), outcome, value, version, null, null));
    }

    private long tick() {
        return clock += 10;
    }

    private static FinalVersion active(long version, String value) {
        return new FinalVersion(version, "active", value, version, 5, 5);
    }

    private static FinalVersion destroyed(long version) {
        return new FinalVersion(version, "destroyed", null, version, 0, 0);
    }

    private FinalVersion tombstone(long version) {
        return new FinalVersion(version, "deleted", null, 0, 0, 0);
    }

    private static List<String> kinds(List<Anomaly> anomalies) {
        return anomalies.stream().map(Anomaly::kind).toList();
    }
}
