package io.dsv.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsv.client.ShareGatherer.Answers;
import io.dsv.core.domain.ErrorCode;
import io.dsv.core.domain.SecretId;
import io.dsv.core.protocol.Holder;
import io.dsv.core.protocol.VersionView;
import io.dsv.core.shamir.SaltedShare;
import io.dsv.core.shamir.Shamir;
import io.dsv.core.shamir.Share;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * No share trusted unverified (design §5.3): a holder that answers with a share other than the one
 * committed to at write time is never used, however fast it answers, and is named as bad.
 */
class ShareGathererTest {

    private static final SecretId ID = new SecretId("ns", "db-password");
    private static final byte[] VALUE = "correct horse battery staple".getBytes(StandardCharsets.UTF_8);
    private final SecureRandom random = new SecureRandom();
    private final List<SaltedShare> written = new Shamir().split(VALUE, 5, 3).stream()
            .map(share -> SaltedShare.of(share, random)).toList();
    private final List<Holder> holders = List.of(new Holder("shard-1", 1), new Holder("shard-2", 2),
            new Holder("shard-3", 3), new Holder("shard-4", 4), new Holder("shard-5", 5));
    private final VersionView version = version(holders);

    @Test
    void aWrongShareThatAnswersFirstIsNeverUsedAndItsHolderIsNamed() throws Exception {
        // shard-1 answers at once with a share of another value under the right x; the others a little later
        byte[] wrong = new Shamir().split("an attacker's value".getBytes(StandardCharsets.UTF_8), 5, 3).get(0).y();
        Map<String, byte[]> payloads = payloads();
        payloads.put("shard-1", new SaltedShare(1, written.get(0).salt().clone(), wrong).payload());
        CompletableFuture<Answers> answers = new CompletableFuture<>();

        List<Share> shares = gatherer(payloads, Set.of("shard-1")).gatherFromAll(ID, version, 3, answers::complete);

        assertThat(shares).extracting(Share::x).doesNotContain(1).hasSize(3);
        assertThat(new Shamir().combine(shares, 3)).isEqualTo(VALUE);
        Answers all = answers.get(5, TimeUnit.SECONDS);
        assertThat(all.bad()).containsExactly(new Holder("shard-1", 1));
        assertThat(all.good()).hasSize(4).doesNotContain(new Holder("shard-1", 1));
    }

    @Test
    void aReadAsksOnlyKHoldersWhenTheyAllAnswerWell() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        CompletableFuture<Answers> answers = new CompletableFuture<>();

        List<Share> shares = gatherer(payloads(), Map.of(), asked).gather(ID, version, 3, answers::complete);

        assertThat(new Shamir().combine(shares, 3)).isEqualTo(VALUE);
        Answers all = answers.get(5, TimeUnit.SECONDS);
        assertThat(asked).hasSize(3).doesNotHaveDuplicates();
        assertThat(all.good()).extracting(Holder::nodeId).containsExactlyInAnyOrderElementsOf(asked);
        assertThat(all.bad()).isEmpty();
        assertThat(all.missing()).isEmpty();
    }

    @Test
    void aHolderWithoutItsShareOrWithABadOneIsReplacedByTheNextAndNamed() throws Exception {
        Map<String, byte[]> payloads = payloads();
        payloads.remove("shard-2");                                  // lost its share
        payloads.get("shard-4")[0] ^= 1;                             // corrupt
        for (int round = 0; round < 20; round++) {                   // whichever holders a read starts at
            List<String> asked = new CopyOnWriteArrayList<>();
            CompletableFuture<Answers> answers = new CompletableFuture<>();

            List<Share> shares = gatherer(payloads, Map.of(), asked).gather(ID, version, 3, answers::complete);

            assertThat(new Shamir().combine(shares, 3)).isEqualTo(VALUE);
            Answers all = answers.get(5, TimeUnit.SECONDS);
            assertThat(all.good()).hasSize(3).extracting(Holder::nodeId).doesNotContain("shard-2", "shard-4");
            assertThat(all.missing()).extracting(Holder::nodeId)
                    .isEqualTo(asked.contains("shard-2") ? List.of("shard-2") : List.of());
            assertThat(all.bad()).extracting(Holder::nodeId)
                    .isEqualTo(asked.contains("shard-4") ? List.of("shard-4") : List.of());
            assertThat(asked).hasSize(3 + all.missing().size() + all.bad().size());
        }
    }

    @Test
    void aSlowHolderIsHedgedWithOneMoreAfterTheHedgeDelay() throws Exception {
        // every holder but one answers at once; the slow one would answer after 1.5 s
        for (int round = 0; round < 10; round++) {
            List<String> asked = new CopyOnWriteArrayList<>();
            Map<String, Long> delays = new java.util.concurrent.ConcurrentHashMap<>();
            // whichever holder is asked first is the slow one: known only once it is asked
            ShareGatherer gatherer = gatherer(payloads(), delays, asked, first -> delays.put(first, 1_500L));
            long start = System.nanoTime();

            List<Share> shares = gatherer.gather(ID, version, 3, answers -> { });

            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(new Shamir().combine(shares, 3)).isEqualTo(VALUE);
            assertThat(asked).as("k and one hedge").hasSize(4);
            assertThat(millis).as("not waiting for the slow holder").isLessThan(1_000);
        }
    }

    @Test
    void withFewerThanKGoodSharesTheReadFailsRatherThanUseABadOne() {
        Map<String, byte[]> payloads = payloads();
        for (String node : List.of("shard-1", "shard-2", "shard-3")) {
            byte[] payload = payloads.get(node);
            payload[payload.length - 1] ^= 1;                        // one bit off in each share
        }
        assertThatThrownBy(() -> gatherer(payloads, Set.of()).gather(ID, version, 3, answers -> { }))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INSUFFICIENT_SHARDS));
    }

    @Test
    void aShareWithoutARecordedCommitmentIsNotTrusted() {
        Map<Integer, byte[]> some = new HashMap<>(version.commitments());
        some.remove(2);
        byte[] payload = written.get(1).payload();
        assertThatThrownBy(() -> ShareFetcher.verified(new Holder("shard-2", 2), "tx-1", payload, some.get(2)))
                .isInstanceOf(ShareFetcher.BadShare.class)
                .hasMessage("share 2 of tx-1 from shard-2 does not match its commitment");
        assertThat(payload).as("wiped").containsOnly(0);
    }

    @Test
    void aMatchingShareIsReturnedAndAMalformedPayloadIsBad() {
        Share share = ShareFetcher.verified(new Holder("shard-4", 4), "tx-1", written.get(3).payload(),
                written.get(3).commitment());
        assertThat(share.x()).isEqualTo(4);
        assertThat(share.y()).isEqualTo(written.get(3).y());
        assertThatThrownBy(() -> ShareFetcher.verified(new Holder("shard-4", 4), "tx-1", new byte[3],
                written.get(3).commitment())).isInstanceOf(ShareFetcher.BadShare.class);
        // the right bytes at the wrong x-coordinate do not match either
        assertThatThrownBy(() -> ShareFetcher.verified(new Holder("shard-5", 5), "tx-1", written.get(3).payload(),
                written.get(4).commitment())).isInstanceOf(ShareFetcher.BadShare.class);
    }

    private Map<String, byte[]> payloads() {
        Map<String, byte[]> payloads = new HashMap<>();
        for (int i = 0; i < 5; i++) {
            payloads.put(holders.get(i).nodeId(), written.get(i).payload());
        }
        return payloads;
    }

    private VersionView version(List<Holder> holders) {
        Map<Integer, byte[]> commitments = new HashMap<>();
        written.forEach(s -> commitments.put(s.x(), s.commitment()));
        return new VersionView(ID.namespace(), ID.name(), 1, "tx-1", "CREATE", VersionView.ACTIVE, null, null, holders,
                commitments, "tester");
    }

    /** A gatherer whose fetcher hands out these payloads, verified as the real one does; {@code fast} first. */
    private static ShareGatherer gatherer(Map<String, byte[]> payloads, Set<String> fast) {
        Map<String, Long> delays = new HashMap<>();
        payloads.keySet().forEach(node -> delays.put(node, fast.contains(node) ? 0L : 100L));
        return gatherer(payloads, delays, new CopyOnWriteArrayList<>());
    }

    private static ShareGatherer gatherer(Map<String, byte[]> payloads, Map<String, Long> delays, List<String> asked) {
        return gatherer(payloads, delays, asked, first -> { });
    }

    /**
     * A gatherer whose fetcher hands out these payloads (none: the holder has no share) after these delays
     * (none: at once), verified as the real one does, noting who was asked; {@code onFirst} learns the
     * first holder asked before it answers.
     */
    private static ShareGatherer gatherer(Map<String, byte[]> payloads, Map<String, Long> delays, List<String> asked,
                                          Consumer<String> onFirst) {
        ShareFetcher fetcher = new ShareFetcher(null, null, null) {
            @Override
            public CompletionStage<Share> fetch(SecretId id, String txId, Holder holder, byte[] commitment, KeyPair key) {
                if (asked.isEmpty()) {
                    onFirst.accept(holder.nodeId());
                }
                asked.add(holder.nodeId());
                return CompletableFuture.supplyAsync(() -> {
                    byte[] payload = payloads.get(holder.nodeId());
                    if (payload == null) {
                        throw new IllegalStateException(holder.nodeId() + " has no share of " + txId);
                    }
                    return ShareFetcher.verified(holder, txId, payload.clone(), commitment);
                }, CompletableFuture.delayedExecutor(delays.getOrDefault(holder.nodeId(), 0L), TimeUnit.MILLISECONDS));
            }
        };
        return new ShareGatherer(fetcher, new ClusterProperties(5, 3, 4, Duration.ofMillis(50), Duration.ofSeconds(2),
                List.of(), List.of()));
    }
}
