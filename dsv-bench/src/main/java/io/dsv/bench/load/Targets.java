package io.dsv.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue 14's targets, judged from one run's figures: ratios to etcd (each system measured alone) and
 * absolute rates, each in the 10/10/80 mix and with gets and creates measured separately. A target is
 * met only when it holds in both; a target whose figure is missing (0) is a miss, never a pass.
 */
final class Targets {

    /** One target: what it says, the figures (mix, then separate), and whether it is met. */
    record Row(String target, String today, boolean met) {
    }

    /** One load's figures: per op, throughput and p50, for DSV and etcd (etcd's create is its put). */
    record Figures(double dsvGetPerSecond, double dsvGetP50, double dsvCreatePerSecond, double dsvCreateP50,
                   double etcdGetPerSecond, double etcdGetP50, double etcdPutPerSecond, double etcdPutP50) {
    }

    private Targets() {
    }

    /**
     * @param mix      the 10/10/80 mix
     * @param separate gets from the gets-only load, creates from the creates-only load
     * @param envRatio a .env of 100 enc() against one create, or NaN when not measured
     */
    static List<Row> judge(Figures mix, Figures separate, double envRatio) {
        List<Row> rows = new ArrayList<>();
        rows.add(atMost("get p50 <= 3x etcd's get p50", ratio(mix.dsvGetP50(), mix.etcdGetP50()),
                ratio(separate.dsvGetP50(), separate.etcdGetP50()), 3));
        rows.add(atLeast("get throughput >= 0.3x etcd's", ratio(mix.dsvGetPerSecond(), mix.etcdGetPerSecond()),
                ratio(separate.dsvGetPerSecond(), separate.etcdGetPerSecond()), 0.3));
        rows.add(atMost("create p50 <= 10x etcd's put p50", ratio(mix.dsvCreateP50(), mix.etcdPutP50()),
                ratio(separate.dsvCreateP50(), separate.etcdPutP50()), 10));
        rows.add(atLeast("create throughput >= 0.1x etcd's", ratio(mix.dsvCreatePerSecond(), mix.etcdPutPerSecond()),
                ratio(separate.dsvCreatePerSecond(), separate.etcdPutPerSecond()), 0.1));
        rows.add(atLeast("gets per second >= 2000", mix.dsvGetPerSecond(), separate.dsvGetPerSecond(), 2_000));
        rows.add(atLeast("creates per second >= 500", mix.dsvCreatePerSecond(), separate.dsvCreatePerSecond(), 500));
        if (!Double.isNaN(envRatio)) {
            rows.add(new Row(".env of 100 enc() <= 2x one create", format(envRatio), atMost(envRatio, 2)));
        }
        return rows;
    }

    /**
     * The scale target: DSV over many stored secrets against the same load over 1,000, in the mix
     * (gets and creates) and with gets alone, each at most 10 % slower in throughput and at p50; met only
     * when all hold. Only DSV's figures are used.
     */
    static Row stored(Figures fewMix, Figures manyMix, Figures fewGets, Figures manyGets, long manyStored) {
        double gets = change(manyMix.dsvGetPerSecond(), fewMix.dsvGetPerSecond());
        double getP50 = change(manyMix.dsvGetP50(), fewMix.dsvGetP50());
        double creates = change(manyMix.dsvCreatePerSecond(), fewMix.dsvCreatePerSecond());
        double createP50 = change(manyMix.dsvCreateP50(), fewMix.dsvCreateP50());
        double alone = change(manyGets.dsvGetPerSecond(), fewGets.dsvGetPerSecond());
        double aloneP50 = change(manyGets.dsvGetP50(), fewGets.dsvGetP50());
        boolean met = within(gets, getP50) && within(creates, createP50) && within(alone, aloneP50);
        return new Row(String.format(Locale.ROOT, "%,d stored within 10%% of 1,000", manyStored), String.format(
                Locale.ROOT, "mix: gets %s (p50 %s), creates %s (p50 %s); gets alone %s (p50 %s)", percent(gets),
                percent(getP50), percent(creates), percent(createP50), percent(alone), percent(aloneP50)), met);
    }

    /** Throughput at most 10 % lower and p50 at most 10 % higher. */
    private static boolean within(double throughputChange, double p50Change) {
        return atLeast(1 + throughputChange, 0.9) && atMost(1 + p50Change, 1.1);
    }

    /** (a - b) / b, NaN when either is missing. */
    private static double change(double a, double b) {
        return a <= 0 || b <= 0 ? Double.NaN : (a - b) / b;
    }

    private static String percent(double change) {
        return Double.isNaN(change) ? "missing" : String.format(Locale.ROOT, "%+.0f%%", change * 100);
    }

    private static double ratio(double a, double b) {
        return a <= 0 || b <= 0 ? Double.NaN : a / b;
    }

    private static Row atMost(String target, double mix, double separate, double limit) {
        return new Row(target, both(mix, separate), atMost(mix, limit) && atMost(separate, limit));
    }

    private static Row atLeast(String target, double mix, double separate, double limit) {
        return new Row(target, both(mix, separate), atLeast(mix, limit) && atLeast(separate, limit));
    }

    private static boolean atMost(double value, double limit) {
        return !Double.isNaN(value) && value <= limit;
    }

    private static boolean atLeast(double value, double limit) {
        return !Double.isNaN(value) && value > 0 && value >= limit;
    }

    private static String both(double mix, double separate) {
        return format(mix) + " / " + format(separate);
    }

    private static String format(double value) {
        return Double.isNaN(value) ? "missing" : value >= 100 ? String.format("%.0f", value) : String.format("%.2f", value);
    }
}
