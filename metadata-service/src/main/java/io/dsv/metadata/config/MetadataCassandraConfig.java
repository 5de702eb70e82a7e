package io.dsv.metadata.config;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import io.dsv.client.cassandra.CassandraReconnect;
import io.dsv.client.cassandra.CassandraSchema;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The metadata keyspace and tables, created before the session Spring Data uses opens on it. */
@Configuration(proxyBeanMethods = false)
@Import(CassandraReconnect.class)
public class MetadataCassandraConfig {

    @Bean(destroyMethod = "close")
    CqlSession cassandraSession(ObjectProvider<CqlSessionBuilder> builders,
                                @Value("${dsv.metadata.keyspace:dsv_metadata}") String keyspace) {
        CassandraSchema.apply(() -> builders.getObject().withKeyspace((CqlIdentifier) null).build(), schema(keyspace));
        return CassandraSchema.connect(() -> builders.getObject().withKeyspace(keyspace).build());
    }

    /** The keyspace and its tables, as CQL. */
    public static List<String> schema(String keyspace) {
        return List.of(
                "CREATE KEYSPACE IF NOT EXISTS " + keyspace
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
                "CREATE TABLE IF NOT EXISTS " + keyspace + ".secret_versions ("
                    + " namespace text, name text, version bigint, tx_id text, operation text, state text,"
                    + " valid_from timestamp, valid_to timestamp, holders map<text, int>,"
                    + " commitments map<int, blob>, writer text,"
                    + " PRIMARY KEY ((namespace, name), version))"
                    + " WITH CLUSTERING ORDER BY (version DESC)",
                "CREATE TABLE IF NOT EXISTS " + keyspace + ".secret_names ("
                    + " namespace text, name text, version bigint, state text, valid_from timestamp,"
                    + " PRIMARY KEY ((namespace), name))",
                "CREATE TABLE IF NOT EXISTS " + keyspace + ".idempotency ("
                    + " namespace text, idem_key text, name text, operation text, version bigint, tx_id text,"
                    + " created_at timestamp, request_mac blob, PRIMARY KEY ((namespace, idem_key)))",
                "CREATE TABLE IF NOT EXISTS " + keyspace + ".api_tokens ("
                    + " id text PRIMARY KEY, name text, salt text, hash text,"
                    + " policies map<text, frozen<set<text>>>, revoked boolean, created_at timestamp,"
                    + " expires_at timestamp, parent text)",
                "CREATE TABLE IF NOT EXISTS " + keyspace + ".api_token_root (id text PRIMARY KEY, created_at timestamp)",
                "CREATE TABLE IF NOT EXISTS " + keyspace + ".node_keys (node_id text PRIMARY KEY, public_key blob,"
                    + " recorded_at timestamp)",
                // one partition per UTC minute (design §6: no partition grows without bound), and per day the
                // minutes that hold events, so a reader finds them without probing 1,440 partitions a day
                "CREATE TABLE IF NOT EXISTS " + keyspace + ".audit_events ("
                    + " day text, minute int, time timestamp, request_id text, phase text, actor text, namespace text,"
                    + " name text, operation text, version bigint, status int, client_address text,"
                    + " PRIMARY KEY ((day, minute), time, request_id, phase))"
                    + " WITH CLUSTERING ORDER BY (time DESC, request_id ASC, phase ASC)",
                "CREATE TABLE IF NOT EXISTS " + keyspace + ".audit_buckets (day text, minute int,"
                    + " PRIMARY KEY ((day), minute)) WITH CLUSTERING ORDER BY (minute DESC)",
                // before audit_events, one partition per day: read (the last 31 days), no longer written
                "CREATE TABLE IF NOT EXISTS " + keyspace + ".audit ("
                    + " day text, time timestamp, request_id text, phase text, actor text, namespace text, name text,"
                    + " operation text, version bigint, status int, client_address text,"
                    + " PRIMARY KEY ((day), time, request_id, phase)) WITH CLUSTERING ORDER BY (time DESC, request_id ASC, phase ASC)");
    }
}
