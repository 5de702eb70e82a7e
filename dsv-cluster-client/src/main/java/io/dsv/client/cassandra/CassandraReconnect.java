package io.dsv.client.cassandra;

import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import java.time.Duration;
import org.springframework.boot.cassandra.autoconfigure.DriverConfigLoaderBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The services that keep data (metadata, shard nodes) try a Cassandra node that went away again every
 * second or two, not with the driver's default back-off up to a minute: a restarted node is then used
 * within seconds of answering, and requests stop failing closed that much sooner.
 */
@Configuration(proxyBeanMethods = false)
public class CassandraReconnect {

    @Bean
    DriverConfigLoaderBuilderCustomizer reconnectQuickly() {
        return builder -> builder
                .withDuration(DefaultDriverOption.RECONNECTION_BASE_DELAY, Duration.ofMillis(500))
                .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, Duration.ofSeconds(2));
    }
}
