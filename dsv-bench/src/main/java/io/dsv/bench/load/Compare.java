package io.dsv.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints DSV's figures beside etcd's from two LoadTool JSON reports, with the DSV/etcd ratios, then issue
 * 14's targets with a pass or a miss each ({@code Compare dsv.json etcd.json [env-ratio]}).
 */
public final class Compare {

    private Compare() {
    }

    public static void main(String[] args) throws Exception {
        String dsv = Files.readString(Path.of(args[0]));
        String etcd = Files.readString(Path.of(args[1]));
        System.out.printf("%-8s %-8s %12s %12s %10s%n", "op", "metric", "DSV", "etcd", "DSV/etcd");
        for (String op : new String[] {"create", "update", "get"}) {
            for (String metric : new String[] {"perSecond", "p50Ms", "p99Ms"}) {
                double a = number(dsv, op, metric);
                double b = number(etcd, op, metric);
                System.out.printf("%-8s %-8s %12s %12s %10s%n", op, metric, format(a), format(b),
                        b == 0 ? "-" : String.format("%.2f", a / b));
            }
        }
        double envRatio = args.length > 2 ? Double.parseDouble(args[2]) : Double.NaN;
        List<Targets.Row> rows = Targets.judge(new Targets.Figures(number(dsv, "get", "perSecond"), number(dsv, "get", "p50Ms"),
                number(dsv, "create", "perSecond"), number(dsv, "create", "p50Ms"), number(etcd, "get", "perSecond"),
                number(etcd, "get", "p50Ms"), number(etcd, "create", "perSecond"), number(etcd, "create", "p50Ms"), envRatio));
        System.out.println();
        System.out.printf("%-40s %10s  %s%n", "target (issue 14)", "today", "met");
        for (Targets.Row row : rows) {
            System.out.printf("%-40s %10s  %s%n", row.target(), row.today(), row.met() ? "pass" : "MISS");
        }
        long missed = rows.stream().filter(r -> !r.met()).count();
        System.out.println(missed == 0 ? "every target met" : missed + " of " + rows.size() + " targets missed");
    }

    private static double number(String json, String op, String metric) {
        Matcher m = Pattern.compile("\"" + op + "\":\\{[^}]*\"" + Pattern.quote(metric) + "\":([0-9.E-]+)").matcher(json);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.format("%.0f", value) : String.format("%.3f", value);
    }
}
