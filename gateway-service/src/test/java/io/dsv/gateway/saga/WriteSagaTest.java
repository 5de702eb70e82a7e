package io.dsv.gateway.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.dsv.client.ApiException;
import io.dsv.client.ClusterProperties;
import io.dsv.client.PendingTransaction;
import io.dsv.client.ReplyRouter;
import io.dsv.client.ShardDirectory;
import io.dsv.client.kafka.TransactionalPublisher;
import io.dsv.core.domain.ErrorCode;
import io.dsv.core.domain.SecretId;
import io.dsv.core.protocol.Destroyed;
import io.dsv.core.protocol.Holder;
import io.dsv.core.protocol.Message;
import io.dsv.core.protocol.MessageCodec;
import io.dsv.core.protocol.Operation;
import io.dsv.core.protocol.SharePut;
import io.dsv.core.protocol.Topics;
import io.dsv.core.protocol.TxDecision;
import io.dsv.core.protocol.TxIntent;
import io.dsv.core.protocol.TxOutcome;
import io.dsv.core.seal.SealContext;
import io.dsv.core.seal.ShareSealer;
import io.dsv.core.seal.X25519Keys;
import io.dsv.core.shamir.SaltedShare;
import io.dsv.core.shamir.Shamir;
import io.dsv.core.shamir.Share;
import io.dsv.gateway.config.GatewayProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * The coordinator's side of design §4 (version 2), in seconds and without a broker: the gateway never
 * decides and never aborts; it answers from the outcome metadata applied, and without one it says the
 * outcome is unknown — never "nothing changed". (dsv-local runs the saga on a real broker.)
 */
class WriteSagaTest {

    private final List<Message> sent = new CopyOnWriteArrayList<>();
    private final PendingTransaction pending = new PendingTransaction();
    private Consumer<TxIntent> metadata = intent -> { };
    private RuntimeException intentFailure;
    /** Every stand-in node's key pair (one for all): the test opens what was sealed to them. */
    private final KeyPair nodeKey = X25519Keys.generate();
    private final TransactionalPublisher transactions = mock(TransactionalPublisher.class);

    @Test
    void theIntentAndEverySealedShareGoOutAndTheAppliedOutcomeIsTheAnswer() {
        metadata = intent -> pending.outcome.complete(new TxOutcome(intent.txId(), true, null, 7, null));
        WriteSaga saga = saga();
        long before = System.currentTimeMillis();
        WriteOutcome outcome = saga.put(write("k"), "actor", "idem-1");
        long after = System.currentTimeMillis();
        assertThat(outcome.version()).isEqualTo(7);
        assertThat(outcome.replayed()).isFalse();
        assertThat(sent).filteredOn(m -> m instanceof TxIntent).singleElement().satisfies(m -> {
            TxIntent intent = (TxIntent) m;
            assertThat(intent.idempotencyKey()).isEqualTo("idem-1");
            assertThat(intent.holders()).hasSize(5);
            assertThat(intent.deadlineMillis()).isBetween(before + 300, after + 300);   // now + write-timeout
        });
        assertThat(sent).filteredOn(m -> m instanceof SharePut).hasSize(5);
    }

    /**
     * A batch is decided as one transaction, and its keys take time in proportion to their number: its
     * deadline is the write timeout plus the per-key time (here 1 s) for each key past the first, so a
     * long .env file is not aborted for its length (a file of 800 lines never met a flat 5 s).
     */
    @Test
    @SuppressWarnings("unchecked")
    void aBatchsDeadlineGrowsWithItsKeys() {
        doAnswer(call -> pending.outcome.complete(new TxOutcome("tx", true, null, 1, null))).when(transactions)
                .publishAll(eq(Topics.TX), any());
        WriteSaga saga = saga();
        long before = System.currentTimeMillis();
        assertThat(saga.putAll(List.of(write("a"), write("b"), write("c")), "actor", null, null)).hasSize(3);
        long after = System.currentTimeMillis();
        ArgumentCaptor<List<TransactionalPublisher.Keyed>> intents = ArgumentCaptor.forClass(List.class);
        verify(transactions).publishAll(eq(Topics.TX), intents.capture());
        assertThat(intents.getValue()).hasSize(3).allSatisfy(keyed -> assertThat(((TxIntent) keyed.message())
                .deadlineMillis()).isBetween(before + 2_300, after + 2_300));             // now + 300 + 2 x 1 s
    }

    /**
     * Only the coordinator's intent lists the batch's members; the others name the batch and where to
     * report, so a file of n keys puts about 2n members into the log, not n².
     */
    @Test
    @SuppressWarnings("unchecked")
    void onlyTheCoordinatorsIntentListsEveryMemberOfTheBatch() {
        doAnswer(call -> pending.outcome.complete(new TxOutcome("tx", true, null, 1, null))).when(transactions)
                .publishAll(eq(Topics.TX), any());
        saga().putAll(List.of(write("a"), write("b"), write("c")), "actor", null, null);
        ArgumentCaptor<List<TransactionalPublisher.Keyed>> captured = ArgumentCaptor.forClass(List.class);
        verify(transactions).publishAll(eq(Topics.TX), captured.capture());
        List<TxIntent> intents = captured.getValue().stream().map(keyed -> (TxIntent) keyed.message()).toList();

        TxIntent.Batch whole = intents.get(0).batch();
        assertThat(whole.members()).extracting(TxIntent.Member::txId)
                .containsExactlyElementsOf(intents.stream().map(TxIntent::txId).toList());
        assertThat(whole.members()).extracting(TxIntent.Member::name).containsExactly("a", "b", "c");
        for (TxIntent member : intents.subList(1, 3)) {
            assertThat(member.batch().batchId()).isEqualTo(whole.batchId());
            assertThat(member.batch().members()).containsExactly(whole.coordinator());
        }
    }

    /**
     * Design §5.3: the intent carries each share's commitment, each holder gets its share with the salt
     * that commitment covers, and any k of them give the value back.
     */
    @Test
    void eachSealedShareMatchesTheCommitmentTheIntentCarries() {
        metadata = intent -> pending.outcome.complete(new TxOutcome(intent.txId(), true, null, 1, null));
        saga().put(write("k"), "actor", null);
        TxIntent intent = (TxIntent) sent.stream().filter(m -> m instanceof TxIntent).findFirst().orElseThrow();
        List<Share> opened = new ArrayList<>();
        for (Message message : sent) {
            if (message instanceof SharePut put) {
                String node = "shard-" + put.shareIndex();
                byte[] payload = new ShareSealer().open(put.sealed(), nodeKey,
                        new SealContext("ns", "k", put.txId(), put.shareIndex(), node));
                SaltedShare share = SaltedShare.fromPayload(put.shareIndex(), payload);
                assertThat(share.matches(intent.commitmentsByIndex().get(put.shareIndex())))
                        .as("share %d", put.shareIndex()).isTrue();
                opened.add(share.share());
            }
        }
        assertThat(intent.commitments()).hasSize(5);
        assertThat(new Shamir().combine(opened.subList(1, 4), 3)).isEqualTo("value".getBytes(StandardCharsets.UTF_8));
    }

    /** Failure 2 of the issue: an outcome not confirmed in time is unknown, and nothing is aborted. */
    @Test
    void withoutAnOutcomeInTimeTheAnswerIsCommitUnconfirmedAndTheGatewayDecidesNothing() {
        assertThatThrownBy(() -> saga().put(write("k"), "actor", "idem-1"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.COMMIT_UNCONFIRMED));
        assertThat(sent).noneMatch(m -> m instanceof TxDecision);
    }

    @Test
    void anIntentThatMayHaveReachedTheLogIsNeverReportedAsNothingChanged() {
        intentFailure = new TimeoutException("Expiring 1 record(s) for dsv.tx-3:5000 ms has passed since batch creation");
        assertThatThrownBy(() -> saga().put(write("k"), "actor", null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.COMMIT_UNCONFIRMED));
    }

    @Test
    void anIntentThatNeverLeftThisProcessIsOrderingFailed() {
        intentFailure = new TimeoutException("Topic dsv.tx not present in metadata after 3000 ms.");
        assertThatThrownBy(() -> saga().put(write("k"), "actor", null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ORDERING_FAILED));
    }

    @Test
    void aRefusalIsAnsweredWithItsCodeAndTheKeyItConcerns() {
        metadata = intent -> pending.outcome.complete(new TxOutcome(intent.txId(), false, "secret_exists", 0, null));
        assertThatThrownBy(() -> saga().put(write("taken"), "actor", null))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SECRET_EXISTS);
                    assertThat(e.details()).containsEntry("name", "taken");
                });
    }

    @Test
    void aReplayedIdempotencyKeyAnswersWithTheFirstVersion() {
        metadata = intent -> pending.outcome.complete(new TxOutcome(intent.txId(), false, TxDecision.REPLAY, 3, null));
        WriteOutcome outcome = saga().put(write("k"), "actor", "idem-1");
        assertThat(outcome.replayed()).isTrue();
        assertThat(outcome.version()).isEqualTo(3);
    }

    @Test
    void aCommittedDeleteWhoseHoldersDoNotConfirmIsDestroyPendingAndOneWhoseHoldersDoIsDone() {
        metadata = intent -> pending.outcome.complete(new TxOutcome(intent.txId(), true, null, 4, null));
        assertThatThrownBy(() -> saga().delete(new SecretId("ns", "k"), 0, "actor", null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DESTROY_PENDING));
        pending.destroyed.complete(new Destroyed("x"));
        assertThat(saga().delete(new SecretId("ns", "k"), 0, "actor", null).version()).isEqualTo(4);
        assertThat(sent).filteredOn(m -> m instanceof TxIntent i && i.operation() == Operation.DELETE)
                .allSatisfy(m -> assertThat(((TxIntent) m).holders()).isEmpty());
    }

    @Test
    void theValueIsZeroedWhateverTheOutcome() {
        KeyWrite write = write("k");
        assertThatThrownBy(() -> saga().put(write, "actor", null)).isInstanceOf(ApiException.class);
        assertThat(write.value()).containsOnly(0);
    }

    private static KeyWrite write(String name) {
        return new KeyWrite(new SecretId("ns", name), Operation.CREATE, "value".getBytes(StandardCharsets.UTF_8), 0);
    }

    @SuppressWarnings("unchecked")
    private WriteSaga saga() {
        KafkaTemplate<String, byte[]> kafka = mock(KafkaTemplate.class);
        when(kafka.send(anyString(), anyString(), any(byte[].class))).thenAnswer(call -> {
            Message message = MessageCodec.decode(call.getArgument(2));
            sent.add(message);
            if (message instanceof TxIntent intent) {
                if (intentFailure != null) {
                    return CompletableFuture.failedFuture(intentFailure);
                }
                metadata.accept(intent);
            }
            return CompletableFuture.completedFuture(mock(SendResult.class));
        });
        ReplyRouter replies = mock(ReplyRouter.class);
        when(replies.register(anyString())).thenReturn(pending);
        List<Holder> holders = IntStream.rangeClosed(1, 5).mapToObj(i -> new Holder("shard-" + i, i)).toList();
        ShardDirectory shards = mock(ShardDirectory.class);
        when(shards.holdersFor(any())).thenReturn(holders);
        when(shards.publicKey(anyString())).thenReturn(nodeKey.getPublic());
        GatewayProperties properties = new GatewayProperties("gw-test", Duration.ofMillis(300), Duration.ofMillis(200), 65_536, 0, 0, Duration.ofSeconds(1));
        ClusterProperties cluster = new ClusterProperties(5, 3, 4, Duration.ofMillis(50), Duration.ofSeconds(1), List.of(), List.of());
        return new WriteSaga(properties, cluster, kafka, transactions, replies, shards,
                new SagaOutcomes(new SimpleMeterRegistry()), new RequestMac(new byte[32]));
    }
}
