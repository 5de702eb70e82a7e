package io.dsv.gateway;

import io.dsv.client.ClusterClientConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
@Import(ClusterClientConfiguration.class)
public class GatewayApplication {

    /** Its own config name, so several services can share one JVM (dsv-local) without reading each other's. */
    public static final String CONFIG_NAME = "gateway-service";

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(GatewayApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
