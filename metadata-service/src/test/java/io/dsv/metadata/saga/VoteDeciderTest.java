package io.dsv.metadata.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsv.core.protocol.Operation;
import io.dsv.core.protocol.TxIntent;
import io.dsv.core.protocol.Vote;
import io.dsv.metadata.store.SecretHead;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The precondition rules of the vote; the saga itself is tested end to end on real Kafka and Cassandra in dsv-local. */
class VoteDeciderTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final SecretHead ABSENT = SecretHead.empty("ns", "k");
    private static final SecretHead AT_3 = new SecretHead("ns", "k", 3, false, null, 0, null, null, null);
    private static final SecretHead DELETED = new SecretHead("ns", "k", 4, true, null, 0, null, null, null);

    @Test
    void createNeedsAnAbsentOrDeletedKey() {
        assertThat(VoteDecider.decide(ABSENT, intent("t1", Operation.CREATE, 0), NOW)).isEqualTo(new Vote("t1", true, 1, null));
        assertThat(VoteDecider.decide(DELETED, intent("t1", Operation.CREATE, 0), NOW)).isEqualTo(new Vote("t1", true, 5, null));
        assertThat(VoteDecider.decide(AT_3, intent("t1", Operation.CREATE, 0), NOW)).isEqualTo(new Vote("t1", false, 0, "secret_exists"));
    }

    @Test
    void updateAndDeleteNeedALiveKey() {
        assertThat(VoteDecider.decide(AT_3, intent("t1", Operation.UPDATE, 0), NOW)).isEqualTo(new Vote("t1", true, 4, null));
        assertThat(VoteDecider.decide(ABSENT, intent("t1", Operation.UPDATE, 0), NOW).errorCode()).isEqualTo("secret_not_found");
        assertThat(VoteDecider.decide(DELETED, intent("t1", Operation.DELETE, 0), NOW).errorCode()).isEqualTo("secret_not_found");
    }

    @Test
    void expectedVersionMustMatch() {
        assertThat(VoteDecider.decide(AT_3, intent("t1", Operation.UPDATE, 3), NOW).yes()).isTrue();
        assertThat(VoteDecider.decide(AT_3, intent("t1", Operation.UPDATE, 2), NOW).errorCode()).isEqualTo("version_mismatch");
    }

    @Test
    void aReservationBlocksOthersUntilItsLeaseEnds() {
        SecretHead reserved = AT_3.reserve("t1", 4, "UPDATE", NOW.plusSeconds(30), "gw");
        assertThat(VoteDecider.decide(reserved, intent("t2", Operation.UPDATE, 0), NOW).errorCode()).isEqualTo("conflict");
        assertThat(VoteDecider.decide(reserved, intent("t1", Operation.UPDATE, 0), NOW)).isEqualTo(new Vote("t1", true, 4, null));
        assertThat(VoteDecider.decide(reserved, intent("t2", Operation.UPDATE, 0), NOW.plusSeconds(31)).yes()).isTrue();
        SecretHead creating = ABSENT.reserve("t1", 1, "CREATE", NOW.plusSeconds(30), "gw");
        assertThat(VoteDecider.decide(creating, intent("t2", Operation.CREATE, 0), NOW).errorCode()).isEqualTo("secret_exists");
    }

    private static TxIntent intent(String tx, Operation operation, long expected) {
        return new TxIntent(tx, "ns", "k", operation, expected, "gw", 30_000, 0, null);
    }
}
