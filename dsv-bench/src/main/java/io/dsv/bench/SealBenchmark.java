package io.dsv.bench;

import io.dsv.core.seal.SealContext;
import io.dsv.core.seal.ShareSealer;
import io.dsv.core.seal.X25519Keys;
import java.security.KeyPair;
import java.security.SecureRandom;
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

/** Sealing one share for a node and opening it (X25519 + HKDF-SHA256 + AES-256-GCM), at 64 B, 1 KiB and 64 KiB. */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class SealBenchmark {

    @Param({"64", "1024", "65536"})
    int size;

    private final ShareSealer sealer = new ShareSealer();
    private final SealContext context = new SealContext("bench", "secret", "tx-1", 1, "shard-1");
    private KeyPair node;
    private byte[] share;
    private byte[] sealed;

    @Setup
    public void setUp() {
        node = X25519Keys.generate();
        share = new byte[size];
        new SecureRandom().nextBytes(share);
        sealed = sealer.seal(share, node.getPublic(), context);
    }

    @Benchmark
    public byte[] seal() {
        return sealer.seal(share, node.getPublic(), context);
    }

    @Benchmark
    public byte[] open() {
        return sealer.open(sealed, node, context);
    }
}
