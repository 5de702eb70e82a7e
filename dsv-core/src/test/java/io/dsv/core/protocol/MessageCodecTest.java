package io.dsv.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

    @Test
    void everyMessageTypeRoundTrips() {
        List<Message> messages = List.of(
                new TxIntent("tx1", "ns", "name", Operation.UPDATE, 3, "gw-1", 30_000, 123L, "idem-1"),
                new TxDecision("tx1", "ns", "name", true, 4, List.of(new Holder("s1", 1), new Holder("s2", 2)), "gw-1", null, null),
                new Vote("tx1", false, 0, "secret_exists"),
                new Applied("tx1", true, 4),
                new ShareCommit("tx1", "ns", "name", 4),
                new ShareAbort("tx1", "ns", "name"),
                new ShareDestroy("tx1", "ns", "name", List.of("tx0", "tx1")),
                new ShareAck("tx1", "s1", 1, ShareAck.Kind.STORED));
        for (Message message : messages) {
            assertThat(MessageCodec.decode(MessageCodec.encode(message))).isEqualTo(message);
        }
    }

    @Test
    void sealedBytesRoundTrip() {
        SharePut put = new SharePut("tx", "ns", "n", 2, new byte[] {1, 2, 3});
        SharePut decoded = (SharePut) MessageCodec.decode(MessageCodec.encode(put));
        assertThat(decoded.sealed()).containsExactly(1, 2, 3);
        assertThat(decoded.toString()).doesNotContain("[1, 2, 3]");
    }

    @Test
    void garbageIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> MessageCodec.decode(new byte[] {9, 9, 9}))
                .isInstanceOf(MessageCodec.MalformedMessageException.class).hasMessage("unknown message format 9");
        assertThatThrownBy(() -> MessageCodec.decode(new byte[] {3, 0, 1}))
                .isInstanceOf(MessageCodec.MalformedMessageException.class);
        assertThatThrownBy(() -> MessageCodec.decode(new byte[] {3, 99}))
                .hasMessage("unknown message type tag 99");
    }
}
