package io.dsv.repair.read;

import io.dsv.client.ApiException;
import io.dsv.client.ClusterProperties;
import io.dsv.client.MetadataClient;
import io.dsv.client.PendingTransaction;
import io.dsv.client.ReplyRouter;
import io.dsv.client.ShardDirectory;
import io.dsv.client.ShareGatherer;
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
import io.dsv.core.shamir.Share;
import io.dsv.repair.config.RepairProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the missing shares of one version without re-splitting: k shares from the healthy holders,
 * then each missing share at its own x-coordinate by Lagrange interpolation ({@link Shamir#shareAt}),
 * sealed for its holder and stored by it as committed under the version's own transaction id. The
 * version number, metadata and the healthy shares do not change, so an update that commits meanwhile (a
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
        return rebuild(id, txId, version, missing, 0);
    }

    private int rebuild(SecretId id, String txId, long version, List<Holder> missing, int attempt) {
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
        List<Holder> targets = new java.util.ArrayList<>();
        List<Holder> waiting = new java.util.ArrayList<>();
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
                    rebuild(id, txId, version, waiting, attempt + 1);
                }, properties.backlogRetryDelay().toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        List<Holder> healthy = view.holders().stream().filter(h -> !named.contains(h)).toList();
        if (targets.isEmpty()) {
            return 0;
        }
        VersionView healthyOnly = new VersionView(view.namespace(), view.name(), view.version(), view.txId(),
                view.operation(), view.state(), view.validFrom(), view.validTo(), healthy, view.writer());
        List<Share> shares;
        try {
            shares = gatherer.gather(id, healthyOnly, cluster.k(), answered -> { });
        } catch (ApiException e) {
            failed.increment(targets.size());
            log.warn("Repair of {} v{} found fewer than k healthy shares", id, version);
            return 0;
        }
        PendingTransaction pending = replies.register(txId);
        try {
            pending.expect(ShareAck.Kind.STORED, targets.size());
            for (Holder holder : targets) {
                Share rebuilt = shamir.shareAt(shares, holder.shareIndex());
                try {
                    SealContext context = new SealContext(id.namespace(), id.name(), txId, holder.shareIndex(), holder.nodeId());
                    byte[] sealed = sealer.seal(rebuilt.y(), directory.publicKey(holder.nodeId()), context);
                    kafka.send(Topics.shard(holder.nodeId()), id.key(), MessageCodec.encode(new SharePut(txId,
                            id.namespace(), id.name(), holder.shareIndex(), sealed, true)));
                } finally {
                    rebuilt.wipe();
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
            log.warn("Repair of {} v{} failed: {}", id, version, e.getClass().getSimpleName());
            return 0;
        } finally {
            shares.forEach(Share::wipe);
            replies.forget(txId);
        }
    }

    /** Forgets the cooldown, for sweeps that must act on what they found now. */
    public void forgetCooldown(String txId) {
        recent.remove(txId);
    }
}
