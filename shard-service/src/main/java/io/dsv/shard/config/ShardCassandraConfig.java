package io.dsv.shard.config;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import io.dsv.client.cassandra.CassandraReconnect;
import io.dsv.client.cassandra.CassandraSchema;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The node's own keyspace and table, created before the session that Spring Data uses opens on it.
 * The schema is explicit CQL rather than generated from the entity, so that its options are ours.
 */
@Configuration(proxyBeanMethods = false)
@Import(CassandraReconnect.class)
public class ShardCassandraConfig {

    @Bean(destroyMethod = "close")
    CqlSession cassandraSession(ObjectProvider<CqlSessionBuilder> builders, ShardProperties shard) {
        String keyspace = shard.keyspace();
        CassandraSchema.apply(() -> builders.getObject().withKeyspace((CqlIdentifier) null).build(), schema(keyspace));
        return CassandraSchema.connect(() -> builders.getObject().withKeyspace(keyspace).build());
    }

    /** The keyspace and its one table, as CQL. */
    public static List<String> schema(String keyspace) {
        return List.of(
                "CREATE KEYSPACE IF NOT EXISTS " + keyspace
                        + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
                "CREATE TABLE IF NOT EXISTS " + keyspace + ".shares ("
                        + " namespace text, name text, tx_id text, share_index int, sealed blob, state text,"
                        + " version bigint, updated_at timestamp,"
                        + " PRIMARY KEY ((namespace, name), tx_id))");
    }
}
