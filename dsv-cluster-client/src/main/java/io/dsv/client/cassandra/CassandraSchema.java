package io.dsv.client.cassandra;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a service's keyspace and tables before its session opens on them. Schema statements are slow
 * on a node that just started while several services create theirs at once (seconds each, beyond the
 * request timeout), so each gets a generous time limit and the whole set is tried again for a while.
 * Every statement must be idempotent ({@code IF NOT EXISTS}). A keyspace that exists is not created
 * again: with Cassandra's roles on, a service's role may create tables in its own keyspace but no
 * keyspace (the operator makes it, with the role).
 */
public final class CassandraSchema {

    private static final Logger log = LoggerFactory.getLogger(CassandraSchema.class);
    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(60);
    /** How long a starting service waits for Cassandra (a restart of the node takes tens of seconds). */
    private static final Duration STARTUP_BUDGET = Duration.ofSeconds(120);
    private static final Pattern CREATE_KEYSPACE = Pattern.compile("CREATE KEYSPACE IF NOT EXISTS ([A-Za-z0-9_]+)");

    private CassandraSchema() {
    }

    /** A CREATE KEYSPACE for a keyspace that exists: skipped, since even IF NOT EXISTS needs the right to create one. */
    private static boolean existingKeyspace(CqlSession session, String cql) {
        Matcher keyspace = CREATE_KEYSPACE.matcher(cql);
        return keyspace.lookingAt() && session.execute(SimpleStatement.newInstance(
                "SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?", keyspace.group(1))
                .setTimeout(STATEMENT_TIMEOUT)).one() != null;
    }

    public static void apply(Supplier<CqlSession> sessions, List<String> statements) {
        apply(sessions, statements, STARTUP_BUDGET);
    }

    static void apply(Supplier<CqlSession> sessions, List<String> statements, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        for (int attempt = 1; ; attempt++) {
            try (CqlSession session = sessions.get()) {
                for (String cql : statements) {
                    if (existingKeyspace(session, cql)) {
                        continue;                 // a role may create tables in its keyspace, not keyspaces
                    }
                    session.execute(SimpleStatement.newInstance(cql).setTimeout(STATEMENT_TIMEOUT));
                }
                return;
            } catch (DriverException e) {
                pauseOrGiveUp(e, attempt, deadline, "Creating the schema");
            }
        }
    }

    /**
     * The service's session, waiting for Cassandra while it cannot be reached (a node restarting when the
     * service starts): a service that exits instead stays down until someone starts it again.
     */
    public static CqlSession connect(Supplier<CqlSession> sessions) {
        return connect(sessions, STARTUP_BUDGET);
    }

    static CqlSession connect(Supplier<CqlSession> sessions, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                return sessions.get();
            } catch (AllNodesFailedException e) {
                pauseOrGiveUp(e, attempt, deadline, "Connecting to Cassandra");
            }
        }
    }

    private static void pauseOrGiveUp(DriverException e, int attempt, long deadline, String what) {
        long pause = Math.min(attempt * 1_000L, 5_000L);
        if (System.nanoTime() + pause * 1_000_000L > deadline) {
            throw e;
        }
        log.warn("{} failed ({}); attempt {} in {} s", what, e.getClass().getSimpleName(), attempt + 1, pause / 1_000);
        try {
            Thread.sleep(pause);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw e;
        }
    }
}
