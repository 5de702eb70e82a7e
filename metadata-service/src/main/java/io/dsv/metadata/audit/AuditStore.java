package io.dsv.metadata.audit;

import com.datastax.oss.driver.api.core.cql.Row;
import io.dsv.core.protocol.AuditEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.data.cassandra.core.CassandraOperations;
import org.springframework.data.cassandra.core.cql.CqlOperations;
import org.springframework.stereotype.Repository;

/**
 * The audit trail in Cassandra: one partition per UTC minute ({@link AuditBucket}), newest first within it,
 * and per day the list of minutes that hold events, which a reader walks newest first.
 */
@Repository
public class AuditStore {

    private static final String COLUMNS = "request_id, phase, time, actor, namespace, name, operation, version, status,"
            + " client_address";
    private static final int LISTED_REMEMBERED = 64;

    private final CqlOperations cql;
    /** Minutes this instance has listed in audit_buckets already: one listing write a minute, not one per event. */
    private final Set<AuditBucket> listed = ConcurrentHashMap.newKeySet();

    public AuditStore(CassandraOperations cassandra) {
        this.cql = cassandra.getCqlOperations();
    }

    /** Lists the event's minute before writing the event, so a reader that can see the event can find it. */
    public void save(AuditEvent e) {
        Instant time = Instant.ofEpochMilli(e.timeMillis());
        AuditBucket bucket = AuditBucket.of(time);
        if (!listed.contains(bucket)) {
            cql.execute("INSERT INTO audit_buckets (day, minute) VALUES (?, ?)", bucket.day().toString(), bucket.minute());
            if (listed.size() >= LISTED_REMEMBERED) {
                listed.clear();
            }
            listed.add(bucket);
        }
        cql.execute("INSERT INTO audit_events (day, minute, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                bucket.day().toString(), bucket.minute(), e.txId(), e.phase(), time, e.actor(), e.namespace(), e.name(),
                e.operation(), e.version(), e.status(), e.clientAddress());
    }

    /**
     * Events since {@code since} (at most 31 days back), newest first, filtered, at most {@code limit}. A day's
     * rows from the table used before minute partitions come after that day's newer rows.
     */
    public List<AuditEvent> find(Instant since, String namespace, String actor, int limit) {
        List<AuditEvent> events = new ArrayList<>();
        AuditBucket first = AuditBucket.of(since);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate firstDay = first.day().isBefore(today.minusDays(31)) ? today.minusDays(31) : first.day();
        for (LocalDate d = today; !d.isBefore(firstDay) && events.size() < limit; d = d.minusDays(1)) {
            String day = d.toString();
            int fromMinute = d.equals(first.day()) ? first.minute() : 0;
            for (Row minute : cql.queryForResultSet("SELECT minute FROM audit_buckets WHERE day = ? AND minute >= ?",
                    day, fromMinute)) {
                collect(events, cql.queryForResultSet("SELECT " + COLUMNS + " FROM audit_events WHERE day = ? AND minute = ?"
                        + " AND time >= ?", day, minute.getInt(0), since), namespace, actor, limit);
                if (events.size() >= limit) {
                    return events;
                }
            }
            collect(events, cql.queryForResultSet("SELECT " + COLUMNS + " FROM audit WHERE day = ? AND time >= ?", day,
                    since), namespace, actor, limit);
        }
        return events;
    }

    private static void collect(List<AuditEvent> events, Iterable<Row> rows, String namespace, String actor, int limit) {
        for (Row row : rows) {
            if (events.size() >= limit) {
                return;
            }
            AuditEvent e = new AuditEvent(row.getString(0), row.getString(1), row.getInstant(2).toEpochMilli(),
                    row.getString(3), row.getString(4), row.getString(5), row.getString(6), row.getLong(7),
                    row.getInt(8), row.getString(9));
            if ((namespace == null || namespace.equals(e.namespace())) && (actor == null || actor.equals(e.actor()))) {
                events.add(e);
            }
        }
    }
}
