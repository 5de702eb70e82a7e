package io.dsv.client.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A starting service waits for a Cassandra that is restarting, for a while, instead of exiting at once. */
class CassandraSchemaTest {

    @Test
    void aSessionIsOpenedOnceCassandraAnswersAgain() {
        CqlSession session = mock(CqlSession.class);
        AtomicInteger calls = new AtomicInteger();
        CqlSession opened = CassandraSchema.connect(() -> {
            if (calls.incrementAndGet() < 3) {
                throw AllNodesFailedException.fromErrors(Map.of());
            }
            return session;
        }, Duration.ofSeconds(10));
        assertThat(opened).isSameAs(session);
        assertThat(calls).hasValue(3);
    }

    @Test
    void pastItsBudgetItGivesUp() {
        AtomicInteger calls = new AtomicInteger();
        long started = System.nanoTime();
        assertThatThrownBy(() -> CassandraSchema.connect(() -> {
            calls.incrementAndGet();
            throw AllNodesFailedException.fromErrors(Map.of());
        }, Duration.ofMillis(1_500))).isInstanceOf(AllNodesFailedException.class);
        assertThat(calls).hasValue(2);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }
}
