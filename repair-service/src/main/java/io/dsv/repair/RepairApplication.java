package io.dsv.repair;

import io.dsv.client.ClusterClientConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Heals the cluster: read repair, anti-entropy sweeps and rebalancing. (Undecided writes are metadata's: it aborts them at their deadline.) */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@Import(ClusterClientConfiguration.class)
public class RepairApplication {

    /** Its own config name, so several services can share one JVM (dsv-local) without reading each other's. */
    public static final String CONFIG_NAME = "repair-service";

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(RepairApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
