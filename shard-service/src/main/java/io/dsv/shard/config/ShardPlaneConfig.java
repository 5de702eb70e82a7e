package io.dsv.shard.config;

import io.dsv.client.rpc.InternalPlaneConfiguration;
import io.dsv.client.rpc.InternalPlaneServer;
import io.dsv.client.rpc.RpcProperties;
import io.dsv.rpc.AllowedCallers;
import io.dsv.shard.read.ShardRpc;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The node's end of the internal plane: its methods behind mutual TLS and their allow-list. */
@Configuration(proxyBeanMethods = false)
public class ShardPlaneConfig {

    @Bean
    InternalPlaneServer internalPlaneServer(RpcProperties properties, ShardRpc shard,
                                            ObjectProvider<ObservationRegistry> observations) {
        return InternalPlaneConfiguration.server(properties, AllowedCallers.SHARD, List.of(shard), observations);
    }
}
