package io.dsv.repair.read;

import io.dsv.client.ApiException;
import io.dsv.client.ClusterProperties;
import io.dsv.client.MetadataClient;
import io.dsv.client.PendingTransaction;
import io.dsv.client.ReplyRouter;
import io.dsv.client.ShardDirectory;
import io.dsv.client.ShareGatherer;
import io.dsv.client.ShareGatherer.Answers;
import io.dsv.core.domain.SecretId;
import io.dsv.core.protocol.Holder;
import io.dsv.core.protocol.MessageCodec;
import io.dsv.core.protocol.ShareAck;
import io.dsv.core.protocol.SharePut;
import io.dsv.core.protocol.Topics;
import io.dsv.core.protocol.VersionView;
import io.dsv.core.seal.SealContext;
import io.dsv.core.seal.ShareSealer;
import io.dsv.core.shamir.Shamir;
import io.dsv.core.shamir.SaltedShare;
import io.dsv.core.shamir.Share;
import io.dsv.repair.config.RepairProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the missing or bad shares of one version without re-splitting: k verified shares from the
 * healthy holders (a share that fails its commitment is never used), then each target share at its own
 * x-coordinate by Lagrange interpolation ({@link Shamir#shareAt}) under a fresh salt, its commitment
 * recorded in metadata, sealed for its holder and stored by it as committed under the version's own
 * transaction id. The version number and the healthy shares do not change, so an update that commits meanwhile (a
 * newer version, a new transaction) is never touched. A holder whose share may still be in its backlog
 * ({@link HolderBacklog}) is asked again later, not rebuilt for.
 */
@Component
public class ShareRebuilder {

    private static final Logger log = LoggerFactory.getLogger(ShareRebuilder.class);

    private final MetadataClient metadata;
    private final ShareGatherer gatherer;
    private final ShardDirectory directory;
    private final ReplyRouter replies;
    private final KafkaTemplate<String, byte[]> kafka;
    private final ClusterProperties cluster;
    private final RepairProperties properties;
    private final Shamir shamir = new Shamir();
    private final SecureRandom random = new SecureRandom();
    private final ShareSealer sealer = new ShareSealer();
    private final Map<String, Long> recent = new ConcurrentHashMap<>();
    private final Counter applied;
    private final Counter failed;
    private final Counter skipped;
    private final Counter deferred;
    private final HolderBacklog backlog;
    private final java.util.concurrent.ScheduledExecutorService later =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "dsv-repair-later");
                thread.setDaemon(true);
                return thread;
            });

    public ShareRebuilder(MetadataClient metadata, ShareGatherer gatherer, ShardDirectory directory, ReplyRouter replies,
                          KafkaTemplate<String, byte[]> kafka, ClusterProperties cluster, RepairProperties properties,
                          HolderBacklog backlog, MeterRegistry meters) {
        this.backlog = backlog;
        this.deferred = Counter.builder("dsv.repair.deferred").description("rebuilds put off because the holder may"
                + " still have the share in its backlog").register(meters);
        this.metadata = metadata;
        this.gatherer = gatherer;
        this.directory = directory;
        this.replies = replies;
        this.kafka = kafka;
        this.cluster = cluster;
        this.properties = properties;
        this.applied = Counter.builder("dsv.repair.applied").description("shares rebuilt and confirmed by their node").register(meters);
        this.failed = Counter.builder("dsv.repair.failed").description("shares that could not be rebuilt or were not confirmed").register(meters);
        this.skipped = Counter.builder("dsv.repair.skipped").description("repair requests for versions no longer readable, or repeated within the cooldown").register(meters);
    }

    /** Rebuilds the shares of {@code missing}; returns how many their nodes confirmed. */
    public int rebuild(SecretId id, String txId, long version, List<Holder> missing) {
        return rebuild(id, txId, version, missing, List.of(), 0);
    }

    /**
     * Rebuilds the shares of {@code missing}, and of those of {@code reportedBad} that answer this
     * rebuild with a share that fails its commitment too (a report is a hint; repair checks for itself).
     */
    public int rebuild(SecretId id, String txId, long version, List<Holder> missing, List<Holder> reportedBad) {
        return rebuild(id, txId, version, missing, reportedBad, 0);
    }

    private int rebuild(SecretId id, String txId, long version, List<Holder> missing, List<Holder> reportedBad,
                        int attempt) {
        long now = System.nanoTime();
        Long last = recent.get(txId);
        if (last != null && now - last < properties.cooldown().toNanos()) {
            skipped.increment();
            return 0;
        }
        recent.put(txId, now);
        recent.entrySet().removeIf(e -> now - e.getValue() > properties.cooldown().toNanos() * 10);
        VersionView view;
        try {
            view = metadata.lookup(id, version, null);
        } catch (ApiException e) {
            skipped.increment();                                     // deleted or destroyed since: nothing to heal
            return 0;
        }
        if (!view.readable() || !view.txId().equals(txId)) {
            skipped.increment();
            return 0;
        }
        List<Holder> named = missing.stream().filter(view.holders()::contains).toList();
        List<Holder> targets = new ArrayList<>();
        List<Holder> waiting = new ArrayList<>();
        for (Holder holder : named) {
            switch (backlog.of(id, txId, holder)) {
                case MISSING -> targets.add(holder);
                case IN_BACKLOG -> waiting.add(holder);
                case PRESENT -> skipped.increment();
            }
        }
        if (!waiting.isEmpty()) {
            deferred.increment(waiting.size());
            if (attempt < properties.backlogRetries()) {
                later.schedule(() -> {
                    forgetCooldown(txId);
                    rebuild(id, txId, version, waiting, List.of(), attempt + 1);
                }, properties.backlogRetryDelay().toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        boolean checkBad = reportedBad.stream().anyMatch(view.holders()::contains);
        if (targets.isEmpty() && !checkBad) {
            return 0;
        }
        List<Holder> asked = view.holders().stream().filter(h -> !targets.contains(h) && !waiting.contains(h)).toList();
        VersionView healthyOnly = new VersionView(view.namespace(), view.name(), view.version(), view.txId(),
                view.operation(), view.state(), view.validFrom(), view.validTo(), asked, view.commitments(), view.writer());
        CompletableFuture<Answers> allAnswered = new CompletableFuture<>();
        List<Share> shares;
        try {
            shares = gatherer.gatherFromAll(id, healthyOnly, cluster.k(), allAnswered::complete);
        } catch (ApiException e) {
            failed.increment(targets.size() + reportedBad.size());
            log.warn("Repair of {} v{} found fewer than k healthy shares", id, version);
            return 0;
        }
        try {
            if (checkBad) {
                targets.addAll(badOnesFound(allAnswered));
            }
            return rebuildAt(id, view, shares, targets);
        } finally {
            shares.forEach(Share::wipe);
        }
    }

    /** The holders that answered this rebuild's own gathering with a share that failed its commitment. */
    private List<Holder> badOnesFound(CompletableFuture<Answers> allAnswered) {
        try {
            return allAnswered.get(cluster.readTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS).bad();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (ExecutionException | TimeoutException e) {
            return List.of();
        }
    }

    /**
     * Each target's share at its own x-coordinate from k verified shares, under a fresh salt: its new
     * commitment is recorded in metadata first, then the share is sent, so a reader never takes the old
     * (missing or bad) share for a good one, and the new one matches once it is stored.
     */
    private int rebuildAt(SecretId id, VersionView view, List<Share> shares, List<Holder> targets) {
        if (targets.isEmpty()) {
            return 0;
        }
        String txId = view.txId();
        List<SaltedShare> rebuilt = targets.stream()
                .map(h -> SaltedShare.of(shamir.shareAt(shares, h.shareIndex()), random)).toList();
        PendingTransaction pending = replies.register(txId);
        try {
            Map<Integer, byte[]> commitments = new HashMap<>();
            rebuilt.forEach(share -> commitments.put(share.x(), share.commitment()));
            if (!metadata.moveHolders(id, view.version(), view.holders(), commitments)) {
                skipped.increment(targets.size());                   // deleted meanwhile: nothing to heal
                return 0;
            }
            pending.expect(ShareAck.Kind.STORED, targets.size());
            for (int i = 0; i < targets.size(); i++) {
                Holder holder = targets.get(i);
                byte[] payload = rebuilt.get(i).payload();
                try {
                    SealContext context = new SealContext(id.namespace(), id.name(), txId, holder.shareIndex(), holder.nodeId());
                    byte[] sealed = sealer.seal(payload, directory.publicKey(holder.nodeId()), context);
                    kafka.send(Topics.shard(holder.nodeId()), id.key(), MessageCodec.encode(new SharePut(txId,
                            id.namespace(), id.name(), holder.shareIndex(), sealed, true)));
                } finally {
                    Arrays.fill(payload, (byte) 0);
                }
            }
            try {
                pending.quorum().get(properties.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
            int confirmed = Math.min(pending.ackCount(), targets.size());
            applied.increment(confirmed);
            failed.increment(targets.size() - confirmed);
            return confirmed;
        } catch (RuntimeException e) {
            failed.increment(targets.size());
            log.warn("Repair of {} v{} failed: {}", id, view.version(), e.getClass().getSimpleName());
            return 0;
        } finally {
            rebuilt.forEach(SaltedShare::wipe);
            replies.forget(txId);
        }
    }

    /** Forgets the cooldown, for sweeps that must act on what they found now. */
    public void forgetCooldown(String txId) {
        recent.remove(txId);
    }
}
