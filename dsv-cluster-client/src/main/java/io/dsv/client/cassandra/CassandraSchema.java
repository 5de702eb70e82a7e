package io.dsv.client.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a service's keyspace and tables before its session opens on them. Schema statements are slow
 * on a node that just started while several services create theirs at once (seconds each, beyond the
 * request timeout), so each gets a generous time limit and the whole set is tried again a few times.
 * Every statement must be idempotent ({@code IF NOT EXISTS}).
 */
public final class CassandraSchema {

    private static final Logger log = LoggerFactory.getLogger(CassandraSchema.class);
    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(60);
    private static final int ATTEMPTS = 5;

    private CassandraSchema() {
    }

    public static void apply(Supplier<CqlSession> sessions, List<String> statements) {
        for (int attempt = 1; ; attempt++) {
            try (CqlSession session = sessions.get()) {
                for (String cql : statements) {
                    session.execute(SimpleStatement.newInstance(cql).setTimeout(STATEMENT_TIMEOUT));
                }
                return;
            } catch (DriverException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                log.warn("Creating the schema failed ({}); attempt {} of {} in {} s", e.getClass().getSimpleName(),
                        attempt + 1, ATTEMPTS, attempt * 2);
                try {
                    Thread.sleep(attempt * 2_000L);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
