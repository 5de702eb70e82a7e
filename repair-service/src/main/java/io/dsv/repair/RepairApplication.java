package io.dsv.repair;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Read repair, anti-entropy, the saga janitor and rebalancing; for now it only runs and reports health. */
@SpringBootApplication
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
