package io.dsv.repair.rebalance;

import io.dsv.client.ClusterProperties;
import io.dsv.client.PendingTransaction;
import io.dsv.client.MetadataClient;
import io.dsv.client.ReplyRouter;
import io.dsv.client.ShardDirectory;
import io.dsv.client.ShareGatherer;
import io.dsv.core.domain.SecretId;
import io.dsv.core.protocol.Holder;
import io.dsv.core.protocol.MessageCodec;
import io.dsv.core.protocol.ShareAck;
import io.dsv.core.protocol.SharePut;
import io.dsv.core.protocol.ShareRelease;
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
import java.util.ArrayList;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Moves shares whose preference list changed with the ring. A share keeps its x-coordinate and moves
 * from a node that left the key's list to one that joined it: rebuilt from k shares (re-using the
 * leaving node's own share when it answers, else {@link Shamir#shareAt}), sealed for the new node,
 * confirmed by it, recorded in metadata, and only then released on the old node. Throttled to
 * {@code dsv.repair.rebalance-rate} shares per second.
 */
@Component
public class Rebalancer {

    private static final Logger log = LoggerFactory.getLogger(Rebalancer.class);

    private final ShardDirectory directory;
    private final ShareGatherer gatherer;
    private final ReplyRouter replies;
    private final KafkaTemplate<String, byte[]> kafka;
    private final ClusterProperties cluster;
    private final RepairProperties properties;
    private final MetadataClient metadataClient;
    private final Shamir shamir = new Shamir();
    private final SecureRandom random = new SecureRandom();
    private final ShareSealer sealer = new ShareSealer();
    private final Counter moved;

    public Rebalancer(ShardDirectory directory, ShareGatherer gatherer, ReplyRouter replies,
                      KafkaTemplate<String, byte[]> kafka, ClusterProperties cluster, RepairProperties properties,
                      MetadataClient metadataClient, MeterRegistry meters) {
        this.directory = directory;
        this.gatherer = gatherer;
        this.replies = replies;
        this.kafka = kafka;
        this.cluster = cluster;
        this.properties = properties;
        this.metadataClient = metadataClient;
        this.moved = Counter.builder("dsv.rebalance.shares.moved").description("shares moved to a new holder").register(meters);
    }

    public synchronized RebalanceResult rebalance() {
        List<VersionView> versions = metadataClient.readableVersions();
        int total = 0;
        int movedShares = 0;
        int failedShares = 0;
        long pause = Math.max(0, 1_000 / Math.max(1, properties.rebalanceRate()));
        for (VersionView version : versions == null ? List.<VersionView>of() : versions) {
            total += version.holders().size();
            List<Move> moves = movesFor(version);
            if (moves.isEmpty()) {
                continue;
            }
            try {
                move(version, moves);
                movedShares += moves.size();
                moved.increment(moves.size());
            } catch (RuntimeException e) {
                failedShares += moves.size();
                log.warn("Rebalance of {}/{} v{} failed: {}", version.namespace(), version.name(), version.version(),
                        e.getClass().getSimpleName());
            }
            sleep(pause * moves.size());
        }
        log.info("Rebalance to epoch {}: {} of {} shares moved, {} failed", directory.epoch(), movedShares, total, failedShares);
        return new RebalanceResult(directory.epoch(), total, movedShares, failedShares);
    }

    /** Pairs each holder that left the key's preference list with a node that joined it. */
    private List<Move> movesFor(VersionView version) {
        SecretId id = new SecretId(version.namespace(), version.name());
        List<String> target = directory.holdersFor(id).stream().map(Holder::nodeId).toList();
        Set<String> current = version.holders().stream().map(Holder::nodeId).collect(Collectors.toSet());
        List<Holder> leaving = version.holders().stream().filter(h -> !target.contains(h.nodeId())).toList();
        List<String> joining = target.stream().filter(node -> !current.contains(node)).toList();
        List<Move> moves = new ArrayList<>();
        for (int i = 0; i < Math.min(leaving.size(), joining.size()); i++) {
            moves.add(new Move(leaving.get(i).shareIndex(), leaving.get(i).nodeId(), joining.get(i)));
        }
        return moves;
    }

    private void move(VersionView version, List<Move> moves) {
        SecretId id = new SecretId(version.namespace(), version.name());
        List<Share> shares = gatherer.gather(id, version, cluster.k(), answers -> { });
        Map<Integer, byte[]> commitments = new HashMap<>();
        PendingTransaction pending = replies.register(version.txId());
        try {
            pending.expect(ShareAck.Kind.STORED, moves.size());
            for (Move move : moves) {
                // a fresh salt: the new holder's share gets a commitment of its own, recorded with the move
                SaltedShare moved = SaltedShare.of(new Share(move.shareIndex(), shareAt(shares, move.shareIndex())), random);
                byte[] payload = moved.payload();
                try {
                    commitments.put(move.shareIndex(), moved.commitment());
                    SealContext context = new SealContext(id.namespace(), id.name(), version.txId(), move.shareIndex(), move.to());
                    byte[] sealed = sealer.seal(payload, directory.publicKey(move.to()), context);
                    kafka.send(Topics.shard(move.to()), id.key(), MessageCodec.encode(new SharePut(version.txId(),
                            id.namespace(), id.name(), move.shareIndex(), sealed, true)));
                } finally {
                    moved.wipe();
                    Arrays.fill(payload, (byte) 0);
                }
            }
            pending.quorum().get(properties.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the new holders did not confirm", e);
        } finally {
            shares.forEach(Share::wipe);
            replies.forget(version.txId());
        }
        List<Holder> holders = version.holders().stream().map(h -> moves.stream()
                .filter(m -> m.shareIndex() == h.shareIndex()).findFirst()
                .map(m -> new Holder(m.to(), h.shareIndex())).orElse(h)).toList();
        if (!metadataClient.moveHolders(id, version.version(), holders, commitments)) {
            throw new IllegalStateException("the version is no longer readable");    // deleted meanwhile: keep the old shares' release for its destroy
        }
        for (Move move : moves) {
            kafka.send(Topics.shard(move.from()), id.key(), MessageCodec.encode(new ShareRelease(version.txId(),
                    id.namespace(), id.name())));
        }
    }

    /** The share at x: the gathered one itself when it is among them, else interpolated. */
    private byte[] shareAt(List<Share> shares, int x) {
        for (Share share : shares) {
            if (share.x() == x) {
                return share.y().clone();
            }
        }
        Share rebuilt = shamir.shareAt(shares, x);
        return rebuilt.y();
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Move(int shareIndex, String from, String to) {
    }

    /** What a rebalance did. */
    public record RebalanceResult(long epoch, int sharesTotal, int sharesMoved, int sharesFailed) {
    }

}
