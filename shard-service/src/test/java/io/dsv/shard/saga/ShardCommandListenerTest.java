package io.dsv.shard.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.dsv.core.protocol.Message;
import io.dsv.core.protocol.MessageCodec;
import io.dsv.core.protocol.ShareAck;
import io.dsv.core.protocol.ShareDestroy;
import io.dsv.core.protocol.SharePut;
import io.dsv.core.protocol.Topics;
import io.dsv.core.seal.SealContext;
import io.dsv.core.seal.SealException;
import io.dsv.core.seal.ShareSealer;
import io.dsv.core.seal.X25519Keys;
import io.dsv.shard.config.ShardProperties;
import io.dsv.shard.identity.NodeIdentity;
import io.dsv.shard.store.ShareStore;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * A shard node's side of the write path, in milliseconds: a write's share is kept PENDING and
 * acknowledged to the key's owner on the topic co-partitioned with dsv.tx; a rebuilt share to
 * repair-service; a destroyed transaction's share never comes back; a misaddressed share is refused.
 */
class ShardCommandListenerTest {

    @TempDir
    Path dir;

    private final ShareStore store = mock(ShareStore.class);
    private final List<Sent> sent = new ArrayList<>();

    @Test
    void aWritesShareIsKeptPendingAndAcknowledgedToTheKeysOwner() {
        ShardCommandListener listener = listener();
        SharePut put = put(false);
        listener.onCommand(MessageCodec.encode(put));
        verify(store).put("ns", "k", "tx-1", 2, put.sealed(), false);
        assertThat(sent).singleElement().satisfies(s -> {
            assertThat(s.topic).isEqualTo(Topics.ACKS);
            assertThat(s.key).isEqualTo("ns/k");
            assertThat(s.message).isEqualTo(new ShareAck("tx-1", "shard-1", 2, ShareAck.Kind.STORED));
        });
    }

    @Test
    void aRebuiltShareIsKeptCommittedAndAcknowledgedToRepair() {
        ShardCommandListener listener = listener();
        listener.onCommand(MessageCodec.encode(put(true)));
        verify(store).put(eq("ns"), eq("k"), eq("tx-1"), eq(2), any(byte[].class), eq(true));
        assertThat(sent).singleElement().satisfies(s -> {
            assertThat(s.topic).isEqualTo(Topics.REPLIES);
            assertThat(s.key).isEqualTo("tx-1");
        });
    }

    @Test
    void aShareOfATransactionDroppedAlreadyIsNeitherStoredAgainNorAcknowledged() {
        ShardCommandListener listener = listener();
        when(store.put(anyString(), anyString(), anyString(), anyInt(), any(byte[].class), anyBoolean())).thenReturn(false);
        listener.onCommand(MessageCodec.encode(put(false)));
        assertThat(sent).isEmpty();
    }

    @Test
    void aDestroyRemovesExactlyTheNamedTransactionsAndIsAcknowledgedToTheOwner() {
        listener().onCommand(MessageCodec.encode(new ShareDestroy("delete-tx", "ns", "k", List.of("tx-1", "tx-2"))));
        verify(store).destroy("ns", "k", List.of("tx-1", "tx-2"));
        assertThat(sent).singleElement().satisfies(s -> {
            assertThat(s.topic).isEqualTo(Topics.ACKS);
            assertThat(s.key).isEqualTo("ns/k");
            assertThat(s.message).isEqualTo(new ShareAck("delete-tx", "shard-1", 0, ShareAck.Kind.DESTROYED));
        });
    }

    @Test
    void aShareSealedForAnotherNodeIsRefused() {
        byte[] sealed = new ShareSealer().seal(new byte[] {1, 2, 3}, X25519Keys.generate().getPublic(),
                new SealContext("ns", "k", "tx-1", 2, "shard-1"));
        ShardCommandListener listener = listener();
        assertThatThrownBy(() -> listener.onCommand(MessageCodec.encode(new SharePut("tx-1", "ns", "k", 2, sealed, false))))
                .isInstanceOf(SealException.class);
        verify(store, never()).put(anyString(), anyString(), anyString(), anyInt(), any(byte[].class), anyBoolean());
        assertThat(sent).isEmpty();
    }

    private NodeIdentity identity;

    private SharePut put(boolean rebuilt) {
        byte[] sealed = new ShareSealer().seal(new byte[] {1, 2, 3}, identity.keyPair().getPublic(),
                new SealContext("ns", "k", "tx-1", 2, "shard-1"));
        return new SharePut("tx-1", "ns", "k", 2, sealed, rebuilt);
    }

    @SuppressWarnings("unchecked")
    private ShardCommandListener listener() {
        identity = new NodeIdentity(new ShardProperties("shard-1", 1, dir));
        when(store.put(anyString(), anyString(), anyString(), anyInt(), any(byte[].class), anyBoolean())).thenReturn(true);
        KafkaTemplate<String, byte[]> kafka = mock(KafkaTemplate.class);
        when(kafka.send(anyString(), anyString(), any(byte[].class))).thenAnswer(call -> {
            sent.add(new Sent(call.getArgument(0), call.getArgument(1), MessageCodec.decode(call.getArgument(2))));
            return CompletableFuture.completedFuture(null);
        });
        return new ShardCommandListener(store, identity, kafka, new ShareSealer(),
                new StaticListableBeanFactory().getBeanProvider(ObservationRegistry.class), 1);
    }

    private record Sent(String topic, String key, Message message) {
    }
}
