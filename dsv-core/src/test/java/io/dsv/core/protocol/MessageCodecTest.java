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
                new TxIntent("tx1", "ns", "name", Operation.DELETE, 3, "gw-1", 30_000L, "idem-1", "root(x)", List.of(),
                        List.of(), null),
                TxDecision.commit("tx1", "ns", "name", 4, 123L),
                new RepairRequest("tx1", "ns", "name", 4, List.of(new Holder("s1", 1)), List.of(new Holder("s2", 2)), "gw-1"),
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
        // byte arrays inside a list compare by content
        TxIntent intent = new TxIntent("tx1", "ns", "a", Operation.CREATE, 0, "gw-1", 30_000L, null, "root(x)", holders,
                List.of(new byte[] {1, 2}, new byte[] {3}), batch, new byte[] {9, 8, 7});
        TxIntent decoded = (TxIntent) MessageCodec.decode(MessageCodec.encode(intent));
        assertThat(decoded).usingRecursiveComparison().isEqualTo(intent);
        assertThat(decoded.commitmentsByIndex().get(2)).containsExactly(3);
        assertThat(decoded.requestMac()).containsExactly(9, 8, 7);
    }

    @Test
    void anIntentNamesOneCommitmentPerHolder() {
        assertThatThrownBy(() -> new TxIntent("tx1", "ns", "a", Operation.CREATE, 0, "gw-1", 1L, null, "root(x)",
                List.of(new Holder("s1", 1), new Holder("s2", 2)), List.of(new byte[] {1}), null))
                .hasMessage("an intent names one commitment per holder: 2 holders, 1 commitments");
    }

    @Test
    void aBatchNamesAtLeastItsCoordinatorAndItsOtherMembersCarryOnlyThat() {
        assertThatThrownBy(() -> new TxIntent.Batch("b1", List.of())).hasMessage("a batch names at least its coordinator");
        TxIntent.Batch batch = new TxIntent.Batch("b1", List.of(new TxIntent.Member("ns", "a", "tx1"),
                new TxIntent.Member("ns", "b", "tx2"), new TxIntent.Member("ns", "c", "tx3")));

        TxIntent.Batch coordinatorOnly = batch.withCoordinatorOnly();

        assertThat(coordinatorOnly.batchId()).isEqualTo("b1");
        assertThat(coordinatorOnly.members()).containsExactly(new TxIntent.Member("ns", "a", "tx1"));
        assertThat(coordinatorOnly.coordinator()).isEqualTo(batch.coordinator());
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
        assertThatThrownBy(() -> MessageCodec.decode(new byte[] {6, 0, 1}))
                .isInstanceOf(MessageCodec.MalformedMessageException.class);
        assertThatThrownBy(() -> MessageCodec.decode(new byte[] {6, 99}))
                .hasMessage("unknown message type tag 99");
    }
}
