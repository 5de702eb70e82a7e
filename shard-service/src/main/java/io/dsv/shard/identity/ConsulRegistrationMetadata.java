package io.dsv.shard.identity;

import io.dsv.client.discovery.ServiceLocator;
import io.dsv.client.rpc.RpcProperties;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.cloud.consul.serviceregistry.ConsulRegistrationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * In the consul profile a shard node registers with its ring name, weight and public key as service
 * metadata, so that gateways and repair learn all three from Consul (see ServiceLocator).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(ConsulRegistrationCustomizer.class)
public class ConsulRegistrationMetadata {

    @Bean
    ConsulRegistrationCustomizer shardIdentityInRegistration(NodeIdentity identity, RpcProperties rpc) {
        return registration -> {
            Map<String, String> meta = registration.getService().getMeta() == null
                    ? new HashMap<>() : new HashMap<>(registration.getService().getMeta());
            meta.putAll(metadata(identity, rpc));
            registration.getService().setMeta(meta);
        };
    }

    static Map<String, String> metadata(NodeIdentity identity, RpcProperties rpc) {
        return Map.of(ServiceLocator.NODE_ID, identity.nodeId(),
                ServiceLocator.WEIGHT, Integer.toString(identity.weight()),
                ServiceLocator.PUBLIC_KEY, Base64.getEncoder().encodeToString(identity.rawPublicKey()),
                ServiceLocator.RPC_PORT, Integer.toString(rpc.port()));
    }
}
