package io.dsv.repair.antientropy;

import io.dsv.client.ShardDirectory;
import io.dsv.core.protocol.MembershipChange;
import io.dsv.client.MetadataClient;
import io.dsv.core.domain.SecretId;
import io.dsv.core.protocol.Holder;
import io.dsv.core.protocol.ShareInventory;
import io.dsv.core.protocol.VersionView;
import io.dsv.repair.config.RepairProperties;
import io.dsv.repair.read.ShareRebuilder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import io.dsv.client.rpc.InternalPlane;
import io.dsv.client.rpc.Protos;
import io.dsv.rpc.v1.InventoryRequest;
import io.grpc.StatusRuntimeException;

/**
 * Anti-entropy: for every node, compares per key range the digest of what metadata says it should
 * hold with the digest of what it really holds; only ranges that differ are listed in full, and
 * every share found missing is rebuilt ({@link ShareRebuilder}). Runs every
 * {@code dsv.repair.anti-entropy-interval}, and on demand through the operator's anti-entropy call on the internal plane (operator role only).
 */
@Component
public class AntiEntropySweeper {

    private static final Logger log = LoggerFactory.getLogger(AntiEntropySweeper.class);

    private final RepairProperties properties;
    private final MetadataClient metadata;
    private final ShareRebuilder rebuilder;
    private final ShardDirectory directory;
    private final InternalPlane plane;
    private final Timer sweeps;
    private final Counter fixed;

    public AntiEntropySweeper(RepairProperties properties, MetadataClient metadata,
                              ShareRebuilder rebuilder, ShardDirectory directory, InternalPlane plane,
                              MeterRegistry meters) {
        this.properties = properties;
        this.metadata = metadata;
        this.rebuilder = rebuilder;
        this.directory = directory;
        this.plane = plane;
        this.sweeps = Timer.builder("dsv.antientropy.sweep").description("anti-entropy sweeps").register(meters);
        this.fixed = Counter.builder("dsv.antientropy.shares.fixed").description("missing shares a sweep rebuilt").register(meters);
    }

    @Scheduled(initialDelayString = "${dsv.repair.anti-entropy-interval:10m}",
            fixedDelayString = "${dsv.repair.anti-entropy-interval:10m}")
    public void scheduled() {
        sweep();
    }

    public synchronized SweepResult sweep() {
        long start = System.nanoTime();
        int buckets = properties.antiEntropyBuckets();
        int rangesDiffering = 0;
        int nodesUnreachable = 0;
        // (namespace, name, txId) -> the holders missing their share of that version
        Map<List<String>, List<Holder>> missing = new LinkedHashMap<>();
        for (MembershipChange.Member node : directory.members()) {
            try {
                ShareInventory.Digests actual = Protos.digests(plane.shard(node.nodeId(), directory.address(node.nodeId()))
                        .inventoryDigests(InventoryRequest.newBuilder().setBuckets(buckets).build()));
                ShareInventory.Digests expected = metadata.expectedDigests(node.nodeId(), buckets);
                for (int b = 0; b < buckets; b++) {
                    if (!actual.digests().get(b).equals(expected.digests().get(b))) {
                        rangesDiffering++;
                        collectMissing(node, buckets, b, missing);
                    }
                }
            } catch (StatusRuntimeException | io.dsv.client.ApiException e) {
                nodesUnreachable++;                                  // its shares wait for the next sweep
            }
        }
        int rebuilt = 0;
        for (Map.Entry<List<String>, List<Holder>> entry : missing.entrySet()) {
            rebuilt += repair(entry.getKey(), entry.getValue());
        }
        fixed.increment(rebuilt);
        long nanos = System.nanoTime() - start;
        sweeps.record(java.time.Duration.ofNanos(nanos));
        int found = missing.values().stream().mapToInt(List::size).sum();
        log.info("Anti-entropy sweep: {} ranges differed, {} shares missing, {} rebuilt, {} nodes unreachable",
                rangesDiffering, found, rebuilt, nodesUnreachable);
        return new SweepResult(rangesDiffering, found, rebuilt, nodesUnreachable, nanos / 1_000_000);
    }

    private void collectMissing(MembershipChange.Member node, int buckets, int bucket, Map<List<String>, List<Holder>> missing) {
        ShareInventory.Entries actual = Protos.entries(plane.shard(node.nodeId(), directory.address(node.nodeId()))
                .inventoryEntries(InventoryRequest.newBuilder().setBuckets(buckets).setBucket(bucket).build()));
        ShareInventory.Entries expected = metadata.expectedEntries(node.nodeId(), buckets, bucket);
        Set<String> present = new HashSet<>(actual.entries());
        for (String entry : expected.entries()) {
            if (!present.contains(entry)) {
                String[] parts = entry.split("/");                   // namespace/name/txId/index; none holds '/'
                missing.computeIfAbsent(List.of(parts[0], parts[1], parts[2]), k -> new ArrayList<>())
                        .add(new Holder(node.nodeId(), Integer.parseInt(parts[3])));
            }
        }
    }

    private int repair(List<String> version, List<Holder> holders) {
        SecretId id = new SecretId(version.get(0), version.get(1));
        String txId = version.get(2);
        try {
            VersionView view = metadata.versions(id).versions().stream()
                    .filter(v -> v.txId().equals(txId)).findFirst().orElse(null);
            if (view == null) {
                return 0;
            }
            rebuilder.forgetCooldown(txId);
            return rebuilder.rebuild(id, txId, view.version(), holders);
        } catch (RuntimeException e) {
            log.warn("Anti-entropy could not repair {}: {}", id, e.getClass().getSimpleName());
            return 0;
        }
    }

    /** What a sweep found and fixed. */
    public record SweepResult(int rangesDiffering, int sharesMissing, int sharesRebuilt, int nodesUnreachable,
                              long durationMillis) {
    }
}
