package io.dsv.metadata;

import io.dsv.client.ClusterProperties;
import io.dsv.client.rpc.InternalPlaneConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@Import(InternalPlaneConfiguration.class)
@EnableConfigurationProperties(ClusterProperties.class)
@EnableScheduling
public class MetadataApplication {

    /** Its own config name, so several services can share one JVM (dsv-local) without reading each other's. */
    public static final String CONFIG_NAME = "metadata-service";

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(MetadataApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
