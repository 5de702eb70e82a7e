package io.dsv.repair.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

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
import io.dsv.core.protocol.SharePut;
import io.dsv.core.protocol.Topics;
import io.dsv.core.protocol.VersionView;
import io.dsv.core.seal.SealContext;
import io.dsv.core.seal.ShareSealer;
import io.dsv.core.seal.X25519Keys;
import io.dsv.core.shamir.SaltedShare;
import io.dsv.core.shamir.Shamir;
import io.dsv.core.shamir.Share;
import io.dsv.repair.config.RepairProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The rebuilder's decisions, without Kafka or a cluster (the end-to-end proof is SelfHealingTest): what
 * it rebuilds, from which shares, and that the new share's commitment is in metadata before the share
 * leaves.
 */
class ShareRebuilderTest {

    private static final SecretId ID = new SecretId("ns", "api-key");
    private static final byte[] VALUE = "the value the writer wrote".getBytes(StandardCharsets.UTF_8);
    private static final List<Holder> HOLDERS = List.of(new Holder("shard-1", 1), new Holder("shard-2", 2),
            new Holder("shard-3", 3), new Holder("shard-4", 4), new Holder("shard-5", 5));

    private final List<SaltedShare> written = new Shamir().split(VALUE, 5, 3).stream()
            .map(s -> SaltedShare.of(s, new SecureRandom())).toList();
    private final Map<String, KeyPair> nodeKeys = new HashMap<>();
    private final MetadataClient metadata = mock(MetadataClient.class);
    private final ShareGatherer gatherer = mock(ShareGatherer.class);
    private final ShardDirectory directory = mock(ShardDirectory.class);
    private final ReplyRouter replies = mock(ReplyRouter.class);
    @SuppressWarnings("unchecked")
    private final KafkaTemplate<String, byte[]> kafka = mock(KafkaTemplate.class);
    private final HolderBacklog backlog = mock(HolderBacklog.class);
    private final ShareRebuilder rebuilder = new ShareRebuilder(metadata, gatherer, directory, replies, kafka,
            new ClusterProperties(5, 3, 4, Duration.ofMillis(50), Duration.ofMillis(200), List.of(), List.of()),
            new RepairProperties(Duration.ofMillis(50), Duration.ofSeconds(30), 0, Duration.ofMillis(10),
                    Duration.ofMinutes(5), 16, 100),
            backlog, new SimpleMeterRegistry());

    ShareRebuilderTest() {
        for (Holder h : HOLDERS) {
            KeyPair key = X25519Keys.generate();
            nodeKeys.put(h.nodeId(), key);
            when(directory.publicKey(h.nodeId())).thenReturn(key.getPublic());
        }
        Map<Integer, byte[]> commitments = new HashMap<>();
        written.forEach(s -> commitments.put(s.x(), s.commitment()));
        when(metadata.lookup(ID, 1L, null)).thenReturn(new VersionView("ns", "api-key", 1, "tx-1", "CREATE",
                VersionView.ACTIVE, null, null, HOLDERS, commitments, "tester"));
        when(metadata.moveHolders(any(), anyLong(), anyList(), anyMap())).thenReturn(true);
        when(replies.register("tx-1")).thenReturn(new PendingTransaction());
        when(backlog.of(any(), anyString(), any())).thenReturn(HolderBacklog.Status.MISSING);
    }

    @Test
    void aBadShareItFindsItselfIsRebuiltUnderAFreshCommitmentRecordedBeforeTheShareIsSent() {
        answer(List.of(2, 3, 4), new Answers(List.of(HOLDERS.get(1), HOLDERS.get(2), HOLDERS.get(3)),
                List.of(HOLDERS.get(0)), List.of()));

        rebuilder.rebuild(ID, "tx-1", 1, List.of(), List.of(HOLDERS.get(0)));

        @SuppressWarnings("unchecked")
        ArgumentCaptor<Map<Integer, byte[]>> recorded = ArgumentCaptor.forClass(Map.class);
        InOrder order = inOrder(metadata, kafka);
        order.verify(metadata).moveHolders(eq(ID), eq(1L), eq(HOLDERS), recorded.capture());
        order.verify(kafka).send(eq(Topics.shard("shard-1")), eq(ID.key()), any(byte[].class));
        assertThat(recorded.getValue()).containsOnlyKeys(1);
        assertThat(recorded.getValue().get(1)).as("a fresh salt, so a fresh commitment")
                .isNotEqualTo(written.get(0).commitment());

        SaltedShare rebuilt = sentTo("shard-1", 1);
        assertThat(rebuilt.matches(recorded.getValue().get(1))).isTrue();
        assertThat(rebuilt.y()).as("the same point of the same polynomial").isEqualTo(written.get(0).y());
    }

    @Test
    void aHolderReportedBadThatAnswersThisRebuildWellIsLeftAlone() {
        answer(List.of(1, 2, 3), new Answers(HOLDERS, List.of(), List.of()));

        assertThat(rebuilder.rebuild(ID, "tx-1", 1, List.of(), List.of(HOLDERS.get(4)))).isZero();

        verify(metadata, never()).moveHolders(any(), anyLong(), anyList(), anyMap());
        verify(kafka, never()).send(anyString(), anyString(), any(byte[].class));
    }

    @Test
    void aMissingShareIsRebuiltFromOthersNeverAskingItsOwnHolder() {
        @SuppressWarnings("unchecked")
        ArgumentCaptor<VersionView> asked = ArgumentCaptor.forClass(VersionView.class);
        answer(List.of(1, 3, 5), new Answers(List.of(HOLDERS.get(0), HOLDERS.get(2), HOLDERS.get(4)), List.of(), List.of()));

        rebuilder.rebuild(ID, "tx-1", 1, List.of(HOLDERS.get(1)));

        verify(gatherer).gatherFromAll(eq(ID), asked.capture(), eq(3), any());
        assertThat(asked.getValue().holders()).doesNotContain(HOLDERS.get(1)).hasSize(4);
        assertThat(asked.getValue().commitments()).as("every share it uses is checked").hasSize(5);
        SaltedShare rebuilt = sentTo("shard-2", 2);
        assertThat(rebuilt.y()).isEqualTo(written.get(1).y());
    }

    /** The gatherer hands back these verified shares and reports {@code answers} once all answered. */
    @SuppressWarnings("unchecked")
    private void answer(List<Integer> xs, Answers answers) {
        when(gatherer.gatherFromAll(eq(ID), any(VersionView.class), anyInt(), any(Consumer.class))).thenAnswer(call -> {
            ((Consumer<Answers>) call.getArgument(3)).accept(answers);
            return xs.stream().map(x -> new Share(x, written.get(x - 1).y().clone())).toList();
        });
    }

    /** The share sent to {@code node}, opened with that node's private key. */
    private SaltedShare sentTo(String node, int x) {
        ArgumentCaptor<byte[]> message = ArgumentCaptor.forClass(byte[].class);
        verify(kafka).send(eq(Topics.shard(node)), eq(ID.key()), message.capture());
        SharePut put = (SharePut) MessageCodec.decode(message.getValue());
        assertThat(put.rebuilt()).isTrue();
        assertThat(put.shareIndex()).isEqualTo(x);
        byte[] payload = new ShareSealer().open(put.sealed(), nodeKeys.get(node), new SealContext("ns", "api-key", "tx-1", x, node));
        return SaltedShare.fromPayload(x, payload);
    }
}
