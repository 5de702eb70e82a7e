package io.dsv.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Drives a running store with a mix of create, update and get from concurrent clients for a fixed
 * time, and reports throughput and latency percentiles per operation (HdrHistogram), and errors by
 * HTTP status, as a table and as JSON. Bounded in time and in clients; loopback targets only.
 */
@Command(name = "dsv-load", mixinStandardHelpOptions = true, description = "Load a DSV gateway or etcd with a create/update/get mix.")
public final class LoadTool implements Callable<Integer> {

    enum Op { CREATE, UPDATE, GET }

    @Option(names = "--target", description = "dsv or etcd (default: ${DEFAULT-VALUE})")
    String target = "dsv";

    @Option(names = "--url", required = true, description = "gateway or etcd base URL, e.g. http://127.0.0.1:8080")
    String url;

    @Option(names = "--token", description = "DSV bearer token (or DSV_TOKEN)")
    String token = System.getenv("DSV_TOKEN");

    @Option(names = "--clients", description = "concurrent clients (default: ${DEFAULT-VALUE})")
    int clients = 16;

    @Option(names = "--seconds", description = "measured seconds (default: ${DEFAULT-VALUE})")
    int seconds = 20;

    @Option(names = "--warmup-seconds", description = "unmeasured seconds first (default: ${DEFAULT-VALUE})")
    int warmupSeconds = 5;

    @Option(names = "--mix", description = "percentages create,update,get (default: ${DEFAULT-VALUE})")
    String mix = "10,10,80";

    @Option(names = "--size", description = "value size in bytes (default: ${DEFAULT-VALUE})")
    int size = 64;

    @Option(names = "--keys", description = "keys created before measuring, for get and update (default: ${DEFAULT-VALUE})")
    int keys = 500;

    @Option(names = "--namespace", description = "DSV namespace (default: ${DEFAULT-VALUE})")
    String namespace = "bench";

    @Option(names = "--stored", description = "instead of --keys: store this many secrets first, in all-or-nothing"
            + " batches of --stored-batch (a .env file each for DSV), and get and update among all of them")
    int stored;

    @Option(names = "--stored-batch", description = "secrets per batch for --stored (default: ${DEFAULT-VALUE})")
    int storedBatch = 100;

    @Option(names = "--stored-run", description = "with --stored: use the secrets an earlier run stored (the run id it"
            + " printed) instead of storing them again")
    String storedRun;

    @Option(names = "--json", description = "also write the results here")
    Path json;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadTool()).execute(args));
    }

    /** Creates the keys that get and update use, with as many clients as the run has. */
    private List<String> prefill(Target store, String run, String value) throws Exception {
        if (stored > 0 && storedRun != null) {
            return java.util.stream.IntStream.range(0, stored).mapToObj(i -> storedName(storedRun, i)).toList();
        }
        if (stored > 0) {
            return fill(store, run, value);
        }
        List<String> existing = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(clients, 256)));
        try {
            List<Future<?>> creating = new ArrayList<>();
            for (int i = 0; i < keys; i++) {
                String key = "k-" + run + "-" + i;
                creating.add(pool.submit(() -> {
                    if (store.create(key, value) / 100 == 2) {
                        existing.add(key);
                    }
                    return null;
                }));
            }
            for (Future<?> f : creating) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new ArrayList<>(existing);
    }

    /**
     * Stores {@code stored} secrets in batches, two at a time (more would only queue behind each other and
     * run into the write deadline), and reports how long that took. A batch that fails is left out.
     */
    private List<String> fill(Target store, String run, String value) throws Exception {
        List<String> existing = java.util.Collections.synchronizedList(new ArrayList<>(stored));
        Map<Integer, AtomicLong> failed = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(clients, 2)));
        long start = System.nanoTime();
        try {
            List<Future<?>> batches = new ArrayList<>();
            for (int from = 0; from < stored; from += storedBatch) {
                List<String> keys = new ArrayList<>(storedBatch);
                for (int i = from; i < Math.min(stored, from + storedBatch); i++) {
                    keys.add(storedName(run, i));
                }
                batches.add(pool.submit(() -> {
                    int status = store.createAll(keys, value);
                    if (status / 100 == 2) {
                        existing.addAll(keys);
                    } else {
                        failed.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : batches) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double secondsTaken = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "stored %d of %d secrets (run %s) in %.1f s (%.0f/s), failed batches by status:"
                + " %s%n", existing.size(), stored, run, secondsTaken, existing.size() / secondsTaken, failed);
        return new ArrayList<>(existing);
    }

    /** The name of a --stored fill's i-th secret: one form, so that --stored-run finds them again. */
    private static String storedName(String run, int i) {
        return "S_" + run + "_" + i;
    }

    @Override
    public Integer call() throws Exception {
        if (!Target.isLoopback(url)) {
            System.err.println("refusing a non-loopback target: " + url);
            return 2;
        }
        Target store = "etcd".equals(target) ? Target.etcd(url) : Target.dsv(url, token, namespace);
        String run = Long.toString(System.currentTimeMillis(), 36);
        String value = "v".repeat(size);
        int[] weights = parseMix();
        List<String> existing = prefill(store, run, value);
        if (existing.isEmpty()) {
            System.err.println("could not create any key in " + target + " at " + url);
            return 1;
        }
        Map<Op, Histogram> histograms = new EnumMap<>(Op.class);
        for (Op op : Op.values()) {
            histograms.put(op, new Histogram(60_000_000_000L, 3));
        }
        Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
        AtomicLong created = new AtomicLong();
        if (seconds < 1 || seconds > 600 || clients < 1 || clients > 256) {
            System.err.println("--seconds must be 1..600 and --clients 1..256");
            return 2;
        }
        Duration duration = Duration.ofSeconds(seconds);
        long measureFrom = System.nanoTime() + Duration.ofSeconds(warmupSeconds).toNanos();
        long end = measureFrom + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            workers.add(pool.submit(() -> {
                Random random = new Random(client);
                Map<Op, Histogram> mine = new EnumMap<>(Op.class);
                for (Op op : Op.values()) {
                    mine.put(op, new Histogram(60_000_000_000L, 3));
                }
                while (System.nanoTime() < end) {
                    Op op = pick(random, weights);
                    long start = System.nanoTime();
                    int status;
                    try {
                        status = switch (op) {
                            case CREATE -> store.create("n-" + run + "-" + client + "-" + created.incrementAndGet(), value);
                            case UPDATE -> store.update(existing.get(random.nextInt(existing.size())), value);
                            case GET -> store.get(existing.get(random.nextInt(existing.size())));
                        };
                    } catch (IOException | InterruptedException e) {
                        status = -1;
                    }
                    long elapsed = System.nanoTime() - start;
                    if (start >= measureFrom) {
                        if (status / 100 == 2) {
                            mine.get(op).recordValue(elapsed);
                        } else {
                            errors.computeIfAbsent(op.name().toLowerCase(Locale.ROOT) + " " + status, k -> new AtomicLong())
                                    .incrementAndGet();
                        }
                    }
                }
                synchronized (histograms) {
                    mine.forEach((op, h) -> histograms.get(op).add(h));
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        Map<String, Object> report = report(histograms, errors, duration);
        report.put("keys", existing.size());
        System.out.print(table(report));
        if (json != null) {
            Files.writeString(json, Json.write(report));
        }
        return 0;
    }

    private Map<String, Object> report(Map<Op, Histogram> histograms, Map<String, AtomicLong> errors, Duration duration) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("target", target);
        report.put("clients", clients);
        report.put("durationSeconds", duration.toSeconds());
        report.put("valueBytes", size);
        report.put("mix", mix);
        Map<String, Object> ops = new LinkedHashMap<>();
        for (Op op : Op.values()) {
            Histogram h = histograms.get(op);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("count", h.getTotalCount());
            row.put("perSecond", Math.round(h.getTotalCount() / (double) duration.toSeconds()));
            for (double p : new double[] {50, 90, 99, 99.9}) {
                row.put("p" + (p == 99.9 ? "99.9" : Integer.toString((int) p)) + "Ms",
                        Math.round(h.getValueAtPercentile(p) / 1_000.0) / 1_000.0);
            }
            ops.put(op.name().toLowerCase(Locale.ROOT), row);
        }
        report.put("operations", ops);
        Map<String, Long> errorCounts = new LinkedHashMap<>();
        errors.forEach((k, v) -> errorCounts.put(k, v.get()));
        report.put("errors", errorCounts);
        return report;
    }

    @SuppressWarnings("unchecked")
    static String table(Map<String, Object> report) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%s, %s clients, %s s, %s B values, mix %s, over %s keys%n", report.get("target"),
                report.get("clients"), report.get("durationSeconds"), report.get("valueBytes"), report.get("mix"),
                report.get("keys")));
        out.append(String.format("%-8s %9s %9s %9s %9s %9s %9s%n", "op", "count", "per s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms"));
        ((Map<String, Object>) report.get("operations")).forEach((op, r) -> {
            Map<String, Object> row = (Map<String, Object>) r;
            out.append(String.format("%-8s %9s %9s %9s %9s %9s %9s%n", op, row.get("count"), row.get("perSecond"),
                    row.get("p50Ms"), row.get("p90Ms"), row.get("p99Ms"), row.get("p99.9Ms")));
        });
        out.append("errors: ").append(report.get("errors")).append(System.lineSeparator());
        return out.toString();
    }

    private int[] parseMix() {
        String[] parts = mix.split(",");
        if (parts.length != 3) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--mix needs create,update,get percentages");
        }
        return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()), Integer.parseInt(parts[2].trim())};
    }

    private static Op pick(Random random, int[] weights) {
        int roll = random.nextInt(weights[0] + weights[1] + weights[2]);
        return roll < weights[0] ? Op.CREATE : roll < weights[0] + weights[1] ? Op.UPDATE : Op.GET;
    }
}
