package io.dsv.metadata.audit;

import com.datastax.oss.driver.api.core.cql.Row;
import io.dsv.core.protocol.AuditEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.cassandra.core.CassandraOperations;
import org.springframework.data.cassandra.core.cql.CqlOperations;
import org.springframework.stereotype.Repository;

/** The audit trail in Cassandra, partitioned by UTC day, newest first within a day. */
@Repository
public class AuditStore {

    private final CqlOperations cql;

    public AuditStore(CassandraOperations cassandra) {
        this.cql = cassandra.getCqlOperations();
    }

    public void save(AuditEvent e) {
        cql.execute("INSERT INTO audit (day, time, request_id, phase, actor, namespace, name, operation, version, status,"
                        + " client_address) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                day(Instant.ofEpochMilli(e.timeMillis())), Instant.ofEpochMilli(e.timeMillis()), e.txId(), e.phase(),
                e.actor(), e.namespace(), e.name(), e.operation(), e.version(), e.status(), e.clientAddress());
    }

    /** Events since {@code since} (at most 31 days back), newest first, filtered, at most {@code limit}. */
    public List<AuditEvent> find(Instant since, String namespace, String actor, int limit) {
        List<AuditEvent> events = new ArrayList<>();
        LocalDate first = LocalDate.ofInstant(since, ZoneOffset.UTC);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if (first.isBefore(today.minusDays(31))) {
            first = today.minusDays(31);
        }
        for (LocalDate d = today; !d.isBefore(first) && events.size() < limit; d = d.minusDays(1)) {
            for (Row row : cql.queryForResultSet("SELECT request_id, phase, time, actor, namespace, name, operation, version,"
                    + " status, client_address FROM audit WHERE day = ? AND time >= ?", d.toString(), since)) {
                AuditEvent e = new AuditEvent(row.getString(0), row.getString(1), row.getInstant(2).toEpochMilli(),
                        row.getString(3), row.getString(4), row.getString(5), row.getString(6), row.getLong(7),
                        row.getInt(8), row.getString(9));
                if ((namespace == null || namespace.equals(e.namespace())) && (actor == null || actor.equals(e.actor()))) {
                    events.add(e);
                    if (events.size() >= limit) {
                        break;
                    }
                }
            }
        }
        return events;
    }

    private static String day(Instant time) {
        return LocalDate.ofInstant(time, ZoneOffset.UTC).toString();
    }
}
