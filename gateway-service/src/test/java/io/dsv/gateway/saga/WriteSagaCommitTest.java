package io.dsv.gateway.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.dsv.client.ApiException;
import io.dsv.client.ClusterProperties;
import io.dsv.client.MetadataClient;
import io.dsv.client.PendingTransaction;
import io.dsv.client.ReplyRouter;
import io.dsv.client.ShardDirectory;
import io.dsv.core.domain.ErrorCode;
import io.dsv.core.domain.SecretId;
import io.dsv.core.protocol.Holder;
import io.dsv.core.protocol.Message;
import io.dsv.core.protocol.MessageCodec;
import io.dsv.core.protocol.Operation;
import io.dsv.core.protocol.ShareAbort;
import io.dsv.core.protocol.TxDecision;
import io.dsv.core.protocol.TxIntent;
import io.dsv.core.protocol.Vote;
import io.dsv.core.seal.X25519Keys;
import io.dsv.gateway.config.GatewayProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * The coordinator's side of the commit point, in seconds and without a broker: once a commit may be in
 * the log, the saga never aborts. (End-to-end tests in dsv-local run the saga on a real Kafka broker.)
 */
class WriteSagaCommitTest {

    private final List<Message> sent = new CopyOnWriteArrayList<>();
    private final PendingTransaction pending = new PendingTransaction();

    @Test
    void aCommitWhosePublishTimesOutIsUnconfirmedAndNeverFollowedByAnAbort() {
        WriteSaga saga = saga(true);
        assertThatThrownBy(() -> saga.put(new KeyWrite(new SecretId("ns", "k"), Operation.CREATE,
                "value".getBytes(StandardCharsets.UTF_8), 0), "actor", "idem-1"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.COMMIT_UNCONFIRMED));
        assertThat(sent).filteredOn(m -> m instanceof TxDecision d && d.commit()).hasSize(1);
        assertThat(sent).filteredOn(m -> m instanceof TxDecision d && !d.commit()).as("abort decisions").isEmpty();
        assertThat(sent).filteredOn(m -> m instanceof ShareAbort).as("share aborts").isEmpty();
    }

    @Test
    void aFailureBeforeTheCommitAbortsWithTheHoldersNamedAndSendsNoShareAbortItself() {
        WriteSaga saga = saga(false);
        pending.vote.complete(new Vote("ignored", false, 0L, ErrorCode.SECRET_EXISTS.code()));
        assertThatThrownBy(() -> saga.put(new KeyWrite(new SecretId("ns", "k"), Operation.CREATE,
                "value".getBytes(StandardCharsets.UTF_8), 0), "actor", null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SECRET_EXISTS));
        assertThat(sent).filteredOn(m -> m instanceof TxDecision d && !d.commit())
                .singleElement().satisfies(m -> assertThat(((TxDecision) m).holders()).hasSize(5));
        assertThat(sent).filteredOn(m -> m instanceof ShareAbort).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private WriteSaga saga(boolean yesAndQuorum) {
        KafkaTemplate<String, byte[]> kafka = mock(KafkaTemplate.class);
        when(kafka.send(anyString(), anyString(), any(byte[].class))).thenAnswer(call -> {
            Message message = MessageCodec.decode(call.getArgument(2));
            sent.add(message);
            if (message instanceof TxIntent) {
                return CompletableFuture.completedFuture(mock(SendResult.class));
            }
            return new CompletableFuture<SendResult<String, byte[]>>();          // the broker never confirms
        });
        ReplyRouter replies = mock(ReplyRouter.class);
        when(replies.register(anyString())).thenAnswer(call -> {
            if (yesAndQuorum) {
                pending.vote.complete(new Vote(call.getArgument(0), true, 1L, null));
                pending.quorum().complete(null);
            }
            return pending;
        });
        List<Holder> holders = IntStream.rangeClosed(1, 5).mapToObj(i -> new Holder("shard-" + i, i)).toList();
        PublicKey key = X25519Keys.generate().getPublic();
        ShardDirectory shards = mock(ShardDirectory.class);
        when(shards.holdersFor(any())).thenReturn(holders);
        when(shards.publicKey(anyString())).thenReturn(key);
        GatewayProperties properties = new GatewayProperties("gw-test", Duration.ofMillis(500), Duration.ofMillis(300),
                Duration.ofSeconds(30), 65_536);
        ClusterProperties cluster = new ClusterProperties(5, 3, 4, 1, Duration.ofSeconds(1), "http://127.0.0.1:1", List.of());
        return new WriteSaga(properties, cluster, kafka, mock(TransactionalPublisher.class), replies, shards,
                mock(MetadataClient.class), new SagaOutcomes(new SimpleMeterRegistry()));
    }
}
