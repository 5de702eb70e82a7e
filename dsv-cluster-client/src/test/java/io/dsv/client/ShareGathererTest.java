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
import java.util.concurrent.TimeUnit;
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

        List<Share> shares = gatherer(payloads, Set.of("shard-1")).gather(ID, version, 3, answers::complete);

        assertThat(shares).extracting(Share::x).doesNotContain(1).hasSize(3);
        assertThat(new Shamir().combine(shares, 3)).isEqualTo(VALUE);
        Answers all = answers.get(5, TimeUnit.SECONDS);
        assertThat(all.bad()).containsExactly(new Holder("shard-1", 1));
        assertThat(all.good()).hasSize(4).doesNotContain(new Holder("shard-1", 1));
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
        ShareFetcher fetcher = new ShareFetcher(null, null, null) {
            @Override
            public CompletionStage<Share> fetch(SecretId id, String txId, Holder holder, byte[] commitment, KeyPair key) {
                return CompletableFuture.supplyAsync(() -> ShareFetcher.verified(holder, txId,
                        payloads.get(holder.nodeId()).clone(), commitment),
                        CompletableFuture.delayedExecutor(fast.contains(holder.nodeId()) ? 0 : 100, TimeUnit.MILLISECONDS));
            }
        };
        return new ShareGatherer(fetcher, new ClusterProperties(5, 3, 4, 1, Duration.ofSeconds(2), List.of(), List.of()));
    }
}
