package io.dsv.shard;

import io.dsv.client.rpc.InternalPlaneConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@Import(InternalPlaneConfiguration.class)
@ConfigurationPropertiesScan
@EnableScheduling
public class ShardApplication {

    /** Its own config name, so several services can share one JVM (dsv-local) without reading each other's. */
    public static final String CONFIG_NAME = "shard-service";

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(ShardApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
