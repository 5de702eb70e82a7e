package io.dsv.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prints DSV's figures beside etcd's from two LoadTool JSON reports, with the DSV/etcd ratios. */
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
    }

    private static double number(String json, String op, String metric) {
        Matcher m = Pattern.compile("\"" + op + "\":\\{[^}]*\"" + Pattern.quote(metric) + "\":([0-9.E-]+)").matcher(json);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.format("%.0f", value) : String.format("%.3f", value);
    }
}
