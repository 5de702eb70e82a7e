package io.dsv.local.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a recorded history against what design §9 says must hold under faults, given the state every
 * key ends in once the faults healed:
 * <ul>
 * <li>an acknowledged write is never lost, and reads that start after its acknowledgement see it (or
 *     something newer): no stale read;</li>
 * <li>a write answered "nothing changed" is never visible, then or later;</li>
 * <li>an unknown outcome resolves to exactly one of the two (applied at most once), and a retry with the
 *     same Idempotency-Key that got a definite answer tells which;</li>
 * <li>versions are consecutive, and every read returns a value that was written, for the version it names;</li>
 * <li>a delete answered with an error leaves no tombstone; an acknowledged one is never lost;</li>
 * <li>after the faults heal, every readable version has all n shares, and no deleted version has any;</li>
 * <li>nothing answers with a server error.</li>
 * </ul>
 * Values are unique per write (a retry repeats its write's value), which is how a read is tied to the
 * write it shows.
 */
public final class HistoryChecker {

    /** What a retry can be told only if the log decided its transaction: it then also settles the first attempt. */
    private static final Set<String> DECIDED_BY_THE_LOG = Set.of("secret_exists", "secret_not_found", "version_mismatch",
            "conflict", "write_quorum_failed", "idempotency_key_reused");

    public record Anomaly(String kind, String key, String detail) {
        @Override
        public String toString() {
            return kind + " on " + key + ": " + detail;
        }
    }

    private final List<Op> ops;
    private final Map<String, List<FinalVersion>> finalState;
    private final List<Anomaly> anomalies = new ArrayList<>();
    private final Map<String, Write> writes = new LinkedHashMap<>();
    private final Map<String, Map<String, Write>> writesByValue = new HashMap<>();

    private HistoryChecker(List<Op> ops, Map<String, List<FinalVersion>> finalState) {
        this.ops = ops;
        this.finalState = finalState;
    }

    public static List<Anomaly> check(List<Op> ops, Map<String, List<FinalVersion>> finalState) {
        HistoryChecker checker = new HistoryChecker(ops, finalState);
        checker.run();
        return checker.anomalies;
    }

    private void run() {
        for (Op op : ops) {
            if (op.code() != null && op.code().startsWith("http_5") && !op.code().equals("http_503")) {
                anomalies.add(new Anomaly("server error", op.key(), op.toString()));
            }
            if (op.kind().write()) {
                writes.computeIfAbsent(op.idempotencyKey(), k -> new Write(op.kind(), op.key(), op.value())).attempts.add(op);
            }
        }
        for (Write write : writes.values()) {
            settle(write);
            if (write.kind != Op.Kind.DELETE) {
                writesByValue.computeIfAbsent(write.key, k -> new HashMap<>()).put(write.value, write);
            }
        }
        for (String key : finalState.keySet()) {
            checkVersions(key, finalState.get(key));
        }
        for (Write write : writes.values()) {
            if (write.kind == Op.Kind.DELETE) {
                checkDelete(write);
            } else {
                checkWrite(write);
            }
        }
        checkTombstoneCount();
        for (Op op : ops) {
            if (!op.kind().write()) {
                checkRead(op);
            }
        }
    }

    /** A write with its retries is one write: acknowledged, refused by the log, or still unknown. */
    private void settle(Write write) {
        List<Long> versions = write.attempts.stream().filter(Op::ok).map(Op::version).distinct().toList();
        if (versions.size() > 1) {
            anomalies.add(new Anomaly("applied twice", write.key, "attempts with one Idempotency-Key were answered with "
                    + "versions " + versions + ": " + write.attempts));
        }
        if (!versions.isEmpty()) {
            write.status = Op.Outcome.OK;
            write.version = versions.get(0);
            write.acknowledgedAt = write.attempts.stream().filter(Op::ok).mapToLong(Op::completedMicros).min().orElseThrow();
            return;
        }
        Op first = write.attempts.get(0);
        boolean refused = first.outcome() == Op.Outcome.FAIL || write.attempts.stream().skip(1)
                .anyMatch(a -> a.outcome() == Op.Outcome.FAIL && DECIDED_BY_THE_LOG.contains(a.code()));
        write.status = refused ? Op.Outcome.FAIL : Op.Outcome.UNKNOWN;
    }

    private void checkVersions(String key, List<FinalVersion> versions) {
        List<FinalVersion> sorted = versions.stream().sorted(Comparator.comparingLong(FinalVersion::version)).toList();
        for (int i = 0; i < sorted.size(); i++) {
            FinalVersion v = sorted.get(i);
            if (v.version() != i + 1) {
                anomalies.add(new Anomaly("version gap", key, "versions are " + sorted.stream().map(FinalVersion::version).toList()));
                break;
            }
        }
        for (FinalVersion v : sorted) {
            if (v.shares() != v.expectedShares()) {
                anomalies.add(new Anomaly(v.active() ? "shares not restored" : "deleted shares survive", key,
                        "version " + v.version() + " (" + v.state() + ") has " + v.shares() + " shares, expected "
                                + v.expectedShares()));
            }
        }
    }

    private void checkWrite(Write write) {
        List<FinalVersion> holding = versions(write.key).stream()
                .filter(v -> v.active() && write.value.equals(v.value())).toList();
        if (holding.size() > 1) {
            anomalies.add(new Anomaly("applied twice", write.key, "'" + write.value + "' is versions "
                    + holding.stream().map(FinalVersion::version).toList()));
        }
        switch (write.status) {
            case OK -> {
                FinalVersion v = version(write.key, write.version);
                if (v == null || (v.active() && !write.value.equals(v.value()))) {
                    anomalies.add(new Anomaly("lost acknowledged write", write.key, "acknowledged as version "
                            + write.version + " with '" + write.value + "', now " + v));
                }
            }
            case FAIL -> {
                if (!holding.isEmpty()) {
                    anomalies.add(new Anomaly("visible failed write", write.key, "'" + write.value + "' was refused "
                            + write.attempts + " but is version " + holding.get(0).version()));
                }
            }
            default -> {
                // unknown: either is right, once (checked above)
            }
        }
    }

    private void checkDelete(Write delete) {
        if (delete.status == Op.Outcome.OK) {
            FinalVersion v = version(delete.key, delete.version);
            if (v == null || !v.tombstone()) {
                anomalies.add(new Anomaly("lost acknowledged delete", delete.key, "acknowledged as tombstone "
                        + delete.version + ", now " + v));
            }
        }
    }

    /** Every tombstone needs a delete that may have made it: one answered with an error never did. */
    private void checkTombstoneCount() {
        for (Map.Entry<String, List<FinalVersion>> entry : finalState.entrySet()) {
            long tombstones = entry.getValue().stream().filter(FinalVersion::tombstone).count();
            long deletes = writes.values().stream().filter(w -> w.kind == Op.Kind.DELETE && w.key.equals(entry.getKey())
                    && w.status != Op.Outcome.FAIL).count();
            if (tombstones > deletes) {
                anomalies.add(new Anomaly("visible failed delete", entry.getKey(), tombstones + " tombstones, but only "
                        + deletes + " deletes that were not refused"));
            }
        }
    }

    private void checkRead(Op read) {
        if (read.outcome() == Op.Outcome.OK) {
            if (read.kind() == Op.Kind.READ_ALL) {
                read.all().forEach((version, value) -> checkValue(read, version, value));
                read.all().keySet().stream().max(Long::compare).ifPresent(latest -> checkFresh(read, latest));
                checkComplete(read);
            } else {
                checkValue(read, read.version(), read.value());
                if (read.kind() == Op.Kind.READ_VERSION && read.version() != read.requestedVersion()) {
                    anomalies.add(new Anomaly("wrong version", read.key(), "asked for " + read.requestedVersion()
                            + ", got " + read.version() + ": " + read));
                }
                if (read.kind() == Op.Kind.READ) {
                    checkFresh(read, read.version());
                }
            }
        } else if (read.outcome() == Op.Outcome.NOT_FOUND) {
            if (read.kind() == Op.Kind.READ_VERSION) {
                acknowledged(read, Op.Kind.CREATE, Op.Kind.UPDATE).stream()
                        .filter(w -> w.version == read.requestedVersion() && !deletedBefore(read, w.version))
                        .findFirst().ifPresent(w -> anomalies.add(new Anomaly("lost acknowledged write", read.key(),
                                "version " + w.version + " was acknowledged before " + read + " started")));
            } else {
                long newest = newestAcknowledged(read);
                if (newest > newestAcknowledgedDelete(read) && !deletedBefore(read, newest)) {
                    anomalies.add(new Anomaly("stale read", read.key(), read + " after version " + newest
                            + " was acknowledged"));
                }
            }
        }
    }

    /** The value is one a write that was not refused wrote, at the version the read names. */
    private void checkValue(Op read, long version, String value) {
        Write writer = writesByValue.getOrDefault(read.key(), Map.of()).get(value);
        if (writer == null) {
            anomalies.add(new Anomaly("read of a value never written", read.key(), read.toString()));
            return;
        }
        if (writer.status == Op.Outcome.FAIL) {
            anomalies.add(new Anomaly("visible failed write", read.key(), read + " shows a write refused as "
                    + writer.attempts));
        }
        if (writer.status == Op.Outcome.OK && writer.version != version) {
            anomalies.add(new Anomaly("wrong version", read.key(), read + " shows version " + version + " of a write"
                    + " acknowledged as version " + writer.version));
        }
        FinalVersion v = version(read.key(), version);
        if (v == null) {
            anomalies.add(new Anomaly("read of a version that does not exist", read.key(), read.toString()));
        } else if (v.active() && !value.equals(v.value())) {
            anomalies.add(new Anomaly("wrong value for version", read.key(), read + ", but version " + version
                    + " is '" + v.value() + "'"));
        }
    }

    /** A read that started after a write was acknowledged sees it or something newer, never an older version. */
    private void checkFresh(Op read, long returned) {
        long newest = newestAcknowledged(read);
        if (returned < newest) {
            anomalies.add(new Anomaly("stale read", read.key(), read + " returned version " + returned + " after version "
                    + newest + " was acknowledged"));
        }
        long deleted = newestAcknowledgedDelete(read);
        if (returned <= deleted) {
            anomalies.add(new Anomaly("stale read", read.key(), read + " returned version " + returned
                    + " after a delete (tombstone " + deleted + ") was acknowledged"));
        }
    }

    /** A read of every version holds each one acknowledged before it started, unless deleted since. */
    private void checkComplete(Op read) {
        for (Write w : acknowledged(read, Op.Kind.CREATE, Op.Kind.UPDATE)) {
            if (!read.all().containsKey(w.version) && !deletedBefore(read, w.version)) {
                anomalies.add(new Anomaly("stale read", read.key(), read + " lacks version " + w.version
                        + ", acknowledged before it started"));
            }
        }
    }

    private List<Write> acknowledged(Op read, Op.Kind... kinds) {
        Set<Op.Kind> wanted = Set.of(kinds);
        return writes.values().stream().filter(w -> w.key.equals(read.key()) && wanted.contains(w.kind)
                && w.status == Op.Outcome.OK && w.acknowledgedAt < read.invokedMicros()).toList();
    }

    private long newestAcknowledged(Op read) {
        return acknowledged(read, Op.Kind.CREATE, Op.Kind.UPDATE).stream().mapToLong(w -> w.version).max().orElse(0);
    }

    private long newestAcknowledgedDelete(Op read) {
        return acknowledged(read, Op.Kind.DELETE).stream().mapToLong(w -> w.version).max().orElse(0);
    }

    /** A tombstone above {@code version} that metadata decided before the read ended: the read may have seen it. */
    private boolean deletedBefore(Op read, long version) {
        return versions(read.key()).stream().anyMatch(v -> v.tombstone() && v.version() > version
                && v.validFromMicros() < read.completedMicros());
    }

    private List<FinalVersion> versions(String key) {
        return finalState.getOrDefault(key, List.of());
    }

    private FinalVersion version(String key, long number) {
        return versions(key).stream().filter(v -> v.version() == number).findFirst().orElse(null);
    }

    /** One write and its retries (one Idempotency-Key). */
    private static final class Write {
        final Op.Kind kind;
        final String key;
        final String value;
        final List<Op> attempts = new ArrayList<>();
        Op.Outcome status;
        long version;
        long acknowledgedAt;

        Write(Op.Kind kind, String key, String value) {
            this.kind = kind;
            this.key = key;
            this.value = value;
        }
    }
}
