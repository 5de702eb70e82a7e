package io.dsv.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints DSV's figures beside etcd's from LoadTool JSON reports, with the DSV/etcd ratios, for the
 * 10/10/80 mix and for gets and creates measured separately, then issue 14's targets with a pass or a
 * miss each ({@code Compare dsv-mix.json etcd-mix.json dsv-gets.json etcd-gets.json dsv-creates.json
 * etcd-creates.json [env-ratio] [--stored N few-mix.json many-mix.json few-gets.json many-gets.json]}: the
 * last, DSV's mix and gets alone over 1,000 and over N stored secrets).
 */
public final class Compare {

    private Compare() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 6) {
            System.err.println("usage: Compare dsv-mix.json etcd-mix.json dsv-gets.json etcd-gets.json"
                    + " dsv-creates.json etcd-creates.json [env-ratio] [--stored N few-mix.json many-mix.json few-gets.json many-gets.json]");
            System.exit(2);
        }
        String[] reports = new String[6];
        for (int i = 0; i < 6; i++) {
            reports[i] = Files.readString(Path.of(args[i]));
        }
        String dsvMix = reports[0], etcdMix = reports[1], dsvGets = reports[2], etcdGets = reports[3],
                dsvCreates = reports[4], etcdCreates = reports[5];
        table("10/10/80 mix", dsvMix, etcdMix, "create", "update", "get");
        table("gets only", dsvGets, etcdGets, "get");
        table("creates only", dsvCreates, etcdCreates, "create");
        double envRatio = Double.NaN;
        Targets.Row stored = null;
        for (int i = 6; i < args.length; i++) {
            if (args[i].equals("--stored") && i + 5 < args.length) {
                String[] json = new String[4];
                for (int j = 0; j < 4; j++) {
                    json[j] = Files.readString(Path.of(args[i + 2 + j]));
                }
                columns("DSV over " + args[i + 1] + " stored secrets and over 1,000, the mix", json[1], json[0], "many",
                        "1,000", new String[] {"create", "get"});
                columns("the same, gets alone", json[3], json[2], "many", "1,000", new String[] {"get"});
                stored = Targets.stored(dsvOnly(json[0]), dsvOnly(json[1]), dsvOnly(json[2]), dsvOnly(json[3]),
                        Long.parseLong(args[i + 1]));
                i += 5;
            } else {
                envRatio = Double.parseDouble(args[i]);
            }
        }
        List<Targets.Row> rows = new java.util.ArrayList<>(Targets.judge(figures(dsvMix, etcdMix, dsvMix, etcdMix),
                figures(dsvGets, etcdGets, dsvCreates, etcdCreates), envRatio));
        if (stored != null) {
            rows.add(stored);
        }
        System.out.println();
        System.out.printf("%-40s %22s  %s%n", "target (issue 14)", "mix / separately", "met");
        for (Targets.Row row : rows) {
            System.out.printf("%-40s %22s  %s%n", row.target(), row.today(), row.met() ? "pass" : "MISS");
        }
        long missed = rows.stream().filter(r -> !r.met()).count();
        System.out.println(missed == 0 ? "every target met" : missed + " of " + rows.size() + " targets missed");
    }

    private static void table(String title, String dsv, String etcd, String... ops) {
        columns(title, dsv, etcd, "DSV", "etcd", ops);
    }

    private static void columns(String title, String dsv, String etcd, String left, String right, String[] ops) {
        System.out.println();
        System.out.println(title);
        System.out.printf("%-8s %-8s %12s %12s %10s%n", "op", "metric", left, right, left + "/" + right);
        for (String op : ops) {
            for (String metric : new String[] {"perSecond", "p50Ms", "p99Ms"}) {
                double a = number(dsv, op, metric);
                double b = number(etcd, op, metric);
                System.out.printf("%-8s %-8s %12s %12s %10s%n", op, metric, format(a), format(b),
                        b == 0 ? "-" : String.format("%.2f", a / b));
            }
        }
    }

    private static Targets.Figures figures(String dsvGets, String etcdGets, String dsvCreates, String etcdCreates) {
        return new Targets.Figures(number(dsvGets, "get", "perSecond"), number(dsvGets, "get", "p50Ms"),
                number(dsvCreates, "create", "perSecond"), number(dsvCreates, "create", "p50Ms"),
                number(etcdGets, "get", "perSecond"), number(etcdGets, "get", "p50Ms"),
                number(etcdCreates, "create", "perSecond"), number(etcdCreates, "create", "p50Ms"));
    }

    /** One DSV report's own figures (its etcd fields repeat DSV's: only the DSV ones are read). */
    private static Targets.Figures dsvOnly(String json) {
        return figures(json, json, json, json);
    }

    private static double number(String json, String op, String metric) {
        Matcher m = Pattern.compile("\"" + op + "\":\\{[^}]*\"" + Pattern.quote(metric) + "\":([0-9.E-]+)").matcher(json);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.format("%.0f", value) : String.format("%.3f", value);
    }
}
