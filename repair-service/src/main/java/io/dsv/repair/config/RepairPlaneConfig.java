package io.dsv.repair.config;

import io.dsv.client.rpc.InternalPlaneConfiguration;
import io.dsv.client.rpc.InternalPlaneServer;
import io.dsv.client.rpc.RpcProperties;
import io.dsv.repair.rebalance.RepairRpc;
import io.dsv.rpc.AllowedCallers;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** repair-service's end of the internal plane: what operators ask of it, behind mutual TLS. */
@Configuration(proxyBeanMethods = false)
public class RepairPlaneConfig {

    @Bean
    InternalPlaneServer internalPlaneServer(RpcProperties properties, RepairRpc repair,
                                            ObjectProvider<ObservationRegistry> observations) {
        return InternalPlaneConfiguration.server(properties, AllowedCallers.REPAIR_SERVICE, List.of(repair), observations);
    }
}
