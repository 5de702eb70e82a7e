package io.dsv.bench;

import com.codahale.shamir.Scheme;
import io.dsv.core.shamir.Shamir;
import io.dsv.core.shamir.Share;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Split and combine at 64 B, 1 KiB and 64 KiB with n=5, k=3 and n=10, k=6, DSV against codahale/shamir
 * 0.7.0 in the same run.
 * Run: ./mvnw -B -pl dsv-bench -am package -DskipTests && java -jar dsv-bench/target/benchmarks.jar
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ShamirBenchmark {

    @Param({"64", "1024", "65536"})
    int size;

    /** n-k: five shares, any three; or ten shares, any six. */
    @Param({"5-3", "10-6"})
    String shape;

    private int n;
    private int k;

    private byte[] secret;
    private Shamir dsv;
    private Scheme codahale;
    private List<Share> dsvShares;
    private Map<Integer, byte[]> codahaleShares;

    @Setup
    public void setUp() {
        n = Integer.parseInt(shape.split("-")[0]);
        k = Integer.parseInt(shape.split("-")[1]);
        secret = new byte[size];
        new SecureRandom().nextBytes(secret);
        dsv = new Shamir();                                  // the production default: AES-CTR coefficients
        codahale = new Scheme(new SecureRandom(), n, k);
        dsvShares = dsv.split(secret, n, k).subList(0, k);
        Map<Integer, byte[]> all = codahale.split(secret);
        codahaleShares = new HashMap<>();
        for (int x = 1; x <= k; x++) {
            codahaleShares.put(x, all.get(x));
        }
    }

    @Benchmark
    public List<Share> dsvSplit() {
        return dsv.split(secret, n, k);
    }

    @Benchmark
    public byte[] dsvCombine() {
        return dsv.combine(dsvShares, k);
    }

    @Benchmark
    public Map<Integer, byte[]> codahaleSplit() {
        return codahale.split(secret);
    }

    @Benchmark
    public byte[] codahaleCombine() {
        return codahale.join(codahaleShares);
    }
}
