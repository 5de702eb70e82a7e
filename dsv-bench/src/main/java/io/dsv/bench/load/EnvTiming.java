package io.dsv.bench.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Times a .env file of N {@code enc()} lines (one transaction) against one single create, alternating
 * the two for a number of rounds on an otherwise idle cluster (with a quiet pause before each), and
 * prints the medians and their ratio
 * (issue 8's target: the file in at most 2x the time of one create).
 */
@Command(name = "env-timing", mixinStandardHelpOptions = true,
        description = "Median time of a .env file of N enc() lines vs one single create")
public final class EnvTiming implements Callable<Integer> {

    @Option(names = "--url", required = true, description = "gateway base URL, e.g. http://127.0.0.1:8080")
    String url;

    @Option(names = "--token", description = "DSV bearer token (or DSV_TOKEN)")
    String token = System.getenv("DSV_TOKEN");

    @Option(names = "--lines", description = "enc() lines per file (default: ${DEFAULT-VALUE})")
    int lines = 100;

    @Option(names = "--rounds", description = "files and single creates timed (default: ${DEFAULT-VALUE})")
    int rounds = 15;

    @Option(names = "--size", description = "value size in bytes (default: ${DEFAULT-VALUE})")
    int size = 64;

    @Option(names = "--pause-ms", description = "quiet time before each timed request, so each meets an idle"
            + " cluster and not the tail of the one before (default: ${DEFAULT-VALUE})")
    long pauseMillis = 1_000;

    @Option(names = "--namespace", description = "DSV namespace (default: ${DEFAULT-VALUE})")
    String namespace = "bench-env";

    public static void main(String[] args) {
        System.exit(new CommandLine(new EnvTiming()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (!Target.isLoopback(url)) {
            System.err.println("refusing a non-loopback target: " + url);
            return 2;
        }
        String run = Long.toString(System.currentTimeMillis(), 36);
        String value = "v".repeat(size);
        Target dsv = Target.dsv(url, token, namespace);
        List<Long> singles = new ArrayList<>();
        List<Long> files = new ArrayList<>();
        for (int round = -2; round < rounds; round++) {                    // two unmeasured rounds warm up
            Thread.sleep(pauseMillis);
            long start = System.nanoTime();
            int status = dsv.create("one-" + run + "-" + round, value);
            long single = System.nanoTime() - start;
            require(status, 201, "single create");
            List<String> keys = new ArrayList<>(lines);
            for (int line = 0; line < lines; line++) {
                keys.add("KEY_" + run + "_" + (round + 2) + "_" + line);
            }
            Thread.sleep(pauseMillis);
            start = System.nanoTime();
            int fileStatus = dsv.createAll(keys, value);
            long env = System.nanoTime() - start;
            require(fileStatus, 200, ".env file");
            if (round >= 0) {
                singles.add(single);
                files.add(env);
            }
        }
        double single = median(singles) / 1e6;
        double file = median(files) / 1e6;
        System.out.printf(Locale.ROOT, "single create   median %8.1f ms  (%d rounds)%n", single, rounds);
        System.out.printf(Locale.ROOT, ".env, %3d enc() median %8.1f ms%n", lines, file);
        System.out.printf(Locale.ROOT, "ratio .env / create     %8.2f  (target <= 2)%n", file / single);
        return 0;
    }

    private static void require(int status, int expected, String what) {
        if (status != expected) {
            throw new IllegalStateException(what + " answered " + status + ", expected " + expected);
        }
    }

    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2.0;
    }
}
