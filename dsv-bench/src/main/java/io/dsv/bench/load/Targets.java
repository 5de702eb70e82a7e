package io.dsv.bench.load;

import java.util.ArrayList;
import java.util.List;

/**
 * Issue 14's targets, judged from one run's figures: ratios to etcd (each system measured alone) and
 * absolute rates. A target whose figure is missing (0) is a miss, never a pass.
 */
final class Targets {

    /** One target: what it says, the figure, and whether it is met. */
    record Row(String target, String today, boolean met) {
    }

    /** The figures a run produced: per op, throughput and p50, for DSV and etcd; the .env ratio, or NaN. */
    record Figures(double dsvGetPerSecond, double dsvGetP50, double dsvCreatePerSecond, double dsvCreateP50,
                   double etcdGetPerSecond, double etcdGetP50, double etcdPutPerSecond, double etcdPutP50,
                   double envRatio) {
    }

    private Targets() {
    }

    static List<Row> judge(Figures f) {
        List<Row> rows = new ArrayList<>();
        rows.add(atMost("get p50 <= 3x etcd's get p50", ratio(f.dsvGetP50(), f.etcdGetP50()), 3));
        rows.add(atLeast("get throughput >= 0.3x etcd's", ratio(f.dsvGetPerSecond(), f.etcdGetPerSecond()), 0.3));
        rows.add(atMost("create p50 <= 10x etcd's put p50", ratio(f.dsvCreateP50(), f.etcdPutP50()), 10));
        rows.add(atLeast("create throughput >= 0.1x etcd's", ratio(f.dsvCreatePerSecond(), f.etcdPutPerSecond()), 0.1));
        rows.add(atLeast("gets per second >= 2000", f.dsvGetPerSecond(), 2_000));
        rows.add(atLeast("creates per second >= 500", f.dsvCreatePerSecond(), 500));
        if (!Double.isNaN(f.envRatio())) {
            rows.add(atMost(".env of 100 enc() <= 2x one create", f.envRatio(), 2));
        }
        return rows;
    }

    private static double ratio(double a, double b) {
        return a <= 0 || b <= 0 ? Double.NaN : a / b;
    }

    private static Row atMost(String target, double value, double limit) {
        return new Row(target, format(value), !Double.isNaN(value) && value <= limit);
    }

    private static Row atLeast(String target, double value, double limit) {
        return new Row(target, format(value), !Double.isNaN(value) && value > 0 && value >= limit);
    }

    private static String format(double value) {
        return Double.isNaN(value) ? "missing" : value >= 100 ? String.format("%.0f", value) : String.format("%.2f", value);
    }
}
