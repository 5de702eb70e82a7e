package io.dsv.metadata.config;

import io.dsv.client.rpc.InternalPlaneConfiguration;
import io.dsv.client.rpc.InternalPlaneServer;
import io.dsv.client.rpc.RpcProperties;
import io.dsv.metadata.api.MetadataRpc;
import io.dsv.rpc.AllowedCallers;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Metadata's end of the internal plane: its methods behind mutual TLS and their allow-list. */
@Configuration(proxyBeanMethods = false)
public class MetadataPlaneConfig {

    @Bean
    InternalPlaneServer internalPlaneServer(RpcProperties properties, MetadataRpc metadata,
                                            ObjectProvider<ObservationRegistry> observations) {
        return InternalPlaneConfiguration.server(properties, AllowedCallers.METADATA, List.of(metadata), observations);
    }
}
