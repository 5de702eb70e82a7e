package io.dsv.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import io.dsv.core.protocol.AuditEvent;
import io.dsv.metadata.audit.AuditStore;
import io.dsv.metadata.config.MetadataCassandraConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.cassandra.core.CassandraTemplate;

/**
 * Metadata's audit store against the shared cluster's real Cassandra node, in a keyspace of its own: each
 * minute's events are one partition of their own (design §6: none grows without bound), and reading walks
 * the minutes newest first across days, honours since, the filters and the limit, and still returns what
 * the day-partitioned table of earlier versions holds.
 */
@ExtendWith(SharedCluster.class)
class AuditStoreCassandraTest {

    private static final String KEYSPACE = "dsv_test_audit";
    private static CqlSession session;
    private static AuditStore store;

    /** Each test its own namespace, so tests sharing the table see only their own events. */
    private final String namespace = "ns-" + UUID.randomUUID();
    /** A whole minute, 30 s in, so that "a minute earlier" is another bucket and no test straddles midnight by accident. */
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES).minusSeconds(90);

    @BeforeAll
    static void openStore() {
        MetadataCassandraConfig.schema(KEYSPACE).forEach(SharedCluster.cql()::execute);
        session = SharedCluster.cluster().cassandraRoles().adminSession(KEYSPACE);
        store = new AuditStore(new CassandraTemplate(session));
    }

    @AfterAll
    static void closeStore() {
        if (session != null) {
            session.close();
        }
    }

    @Test
    void eachMinuteOfEventsIsAPartitionOfItsOwn() {
        store.save(event("r-1", now.minus(Duration.ofMinutes(2)), "alice"));
        store.save(event("r-2", now.minus(Duration.ofMinutes(1)), "alice"));
        store.save(event("r-3", now.minus(Duration.ofMinutes(1)).plusSeconds(5), "alice"));

        assertThat(partition(now.minus(Duration.ofMinutes(2)))).containsExactly("r-1");
        assertThat(partition(now.minus(Duration.ofMinutes(1)))).containsExactly("r-3", "r-2");
    }

    @Test
    void readingReturnsTheEventsSinceNewestFirstAcrossMinutesAndDays() {
        store.save(event("r-old", now.minus(Duration.ofDays(3)), "alice"));
        store.save(event("r-yesterday", now.minus(Duration.ofDays(1)), "alice"));
        store.save(event("r-earlier", now.minus(Duration.ofMinutes(7)), "alice"));
        store.save(event("r-latest", now, "alice"));

        assertThat(ids(store.find(now.minus(Duration.ofDays(2)), namespace, null, 100)))
                .containsExactly("r-latest", "r-earlier", "r-yesterday");
        assertThat(ids(store.find(now.minus(Duration.ofMinutes(7)), namespace, null, 100)))
                .containsExactly("r-latest", "r-earlier");
    }

    @Test
    void readingStopsAtTheLimitAndKeepsOnlyTheActorAsked() {
        for (int i = 0; i < 5; i++) {
            store.save(event("r-" + i, now.minus(Duration.ofMinutes(5 - i)), i % 2 == 0 ? "alice" : "bob"));
        }

        assertThat(ids(store.find(now.minus(Duration.ofHours(1)), namespace, null, 3))).containsExactly("r-4", "r-3", "r-2");
        assertThat(ids(store.find(now.minus(Duration.ofHours(1)), namespace, "bob", 100))).containsExactly("r-3", "r-1");
    }

    @Test
    void eventsInTheDayPartitionedTableOfEarlierVersionsAreStillRead() {
        Instant before = now.minus(Duration.ofMinutes(10));
        SharedCluster.cql().execute("INSERT INTO " + KEYSPACE + ".audit (day, time, request_id, phase, actor, namespace,"
                + " name, operation, version, status, client_address) VALUES ('" + LocalDate.ofInstant(before, ZoneOffset.UTC)
                + "', " + before.toEpochMilli() + ", 'r-legacy', 'attempt', 'alice', '" + namespace + "', 'db', 'get', 0,"
                + " 0, '127.0.0.1')");
        store.save(event("r-new", now, "alice"));

        assertThat(ids(store.find(now.minus(Duration.ofHours(1)), namespace, null, 100))).containsExactly("r-new", "r-legacy");
    }

    private AuditEvent event(String requestId, Instant time, String actor) {
        return new AuditEvent(requestId, "attempt", time.toEpochMilli(), actor, namespace, "db", "get", 0, 0, "127.0.0.1");
    }

    /** The request ids stored in the partition of {@code time}'s minute, this test's only, as Cassandra keeps them. */
    private List<String> partition(Instant time) {
        long minute = Math.floorMod(time.toEpochMilli(), 86_400_000L) / 60_000;
        return session.execute("SELECT request_id, namespace FROM audit_events WHERE day = ? AND minute = ?",
                        LocalDate.ofInstant(time, ZoneOffset.UTC).toString(), (int) minute).all().stream()
                .filter(row -> namespace.equals(row.getString(1))).map(row -> row.getString(0)).toList();
    }

    private static List<String> ids(List<AuditEvent> events) {
        return events.stream().map(AuditEvent::txId).toList();
    }
}
