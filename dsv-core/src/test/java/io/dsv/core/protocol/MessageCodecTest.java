package io.dsv.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

    @Test
    void everyMessageTypeRoundTrips() {
        List<Holder> holders = List.of(new Holder("s1", 1), new Holder("s2", 2));
        TxIntent.Batch batch = new TxIntent.Batch("b1", List.of(new TxIntent.Member("ns", "a", "tx1"),
                new TxIntent.Member("ns", "b", "tx2")));
        List<Message> messages = List.of(
                new TxIntent("tx1", "ns", "name", Operation.UPDATE, 3, "gw-1", 30_000L, "idem-1", "root(x)", holders, null),
                new TxIntent("tx1", "ns", "a", Operation.CREATE, 0, "gw-1", 30_000L, null, "root(x)", holders, batch),
                TxDecision.commit("tx1", "ns", "name", 4, 123L),
                new TxDecision("tx1", "ns", "name", false, "secret_exists", 0, 123L, "b"),
                new TxOutcome("tx1", false, TxDecision.REPLAY, 3, null),
                new Prepared("tx2", "b1", "b", true, null, 1),
                new Destroyed("tx1"),
                new ShareAbort("tx1", "ns", "name"),
                new ShareDestroy("tx1", "ns", "name", List.of("tx0", "tx1")),
                new ShareAck("tx1", "s1", 1, ShareAck.Kind.STORED));
        for (Message message : messages) {
            assertThat(MessageCodec.decode(MessageCodec.encode(message))).isEqualTo(message);
        }
    }

    @Test
    void sealedBytesRoundTrip() {
        SharePut put = new SharePut("tx", "ns", "n", 2, new byte[] {1, 2, 3}, false);
        SharePut decoded = (SharePut) MessageCodec.decode(MessageCodec.encode(put));
        assertThat(decoded.sealed()).containsExactly(1, 2, 3);
        assertThat(decoded.toString()).doesNotContain("[1, 2, 3]");
    }

    @Test
    void garbageIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> MessageCodec.decode(new byte[] {9, 9, 9}))
                .isInstanceOf(MessageCodec.MalformedMessageException.class).hasMessage("unknown message format 9");
        assertThatThrownBy(() -> MessageCodec.decode(new byte[] {4, 0, 1}))
                .isInstanceOf(MessageCodec.MalformedMessageException.class);
        assertThatThrownBy(() -> MessageCodec.decode(new byte[] {4, 99}))
                .hasMessage("unknown message type tag 99");
    }
}
