package io.dsv.local.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every operation of a history test run, in the order they completed, and the faults injected meanwhile. */
final class History {

    private final List<Op> ops = new ArrayList<>();
    private final Map<String, Integer> faults = new TreeMap<>();

    synchronized void add(Op op) {
        ops.add(op);
    }

    synchronized List<Op> ops() {
        return List.copyOf(ops);
    }

    synchronized void fault(String kind) {
        faults.merge(kind, 1, Integer::sum);
    }

    synchronized Map<String, Integer> faults() {
        return Map.copyOf(faults);
    }

    /** The one line a run ends with. */
    synchronized String summary(int anomalies) {
        long ok = ops.stream().filter(op -> op.outcome() == Op.Outcome.OK || op.outcome() == Op.Outcome.NOT_FOUND).count();
        long failed = ops.stream().filter(op -> op.outcome() == Op.Outcome.FAIL).count();
        long unknown = ops.stream().filter(op -> op.outcome() == Op.Outcome.UNKNOWN).count();
        int injected = faults.values().stream().mapToInt(Integer::intValue).sum();
        return "[history] operations " + ops.size() + ", ok " + ok + " / failed " + failed + " / unknown " + unknown
                + ", faults " + injected + " " + faults + ", anomalies " + anomalies;
    }
}
