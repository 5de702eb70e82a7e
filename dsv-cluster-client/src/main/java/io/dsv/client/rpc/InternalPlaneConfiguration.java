package io.dsv.client.rpc;

import io.dsv.client.ops.OperationsConfiguration;
import io.dsv.rpc.Role;
import io.grpc.BindableService;
import io.grpc.ClientInterceptor;
import io.grpc.ServerInterceptor;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcClientInterceptor;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcServerInterceptor;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * What every service has of the internal plane: its {@link RpcProperties} (mutual TLS only, no shared
 * secret), and the observations that carry a request's trace across it. A service that serves the
 * plane declares its {@link InternalPlaneServer} with {@link #server}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RpcProperties.class)
@Import(OperationsConfiguration.class)
public class InternalPlaneConfiguration {

    /** The server of a service's methods, behind its allow-list, every call observed. */
    public static InternalPlaneServer server(RpcProperties properties, Map<String, Set<Role>> allowed,
                                             List<BindableService> services, ObjectProvider<ObservationRegistry> observations) {
        ObservationRegistry registry = observations.getIfUnique(() -> ObservationRegistry.NOOP);
        List<ServerInterceptor> interceptors = List.of(new ObservationGrpcServerInterceptor(registry));
        return new InternalPlaneServer(properties, allowed, services, interceptors);
    }

    /** The client side, every call observed. */
    public static InternalPlane client(RpcProperties properties, ObjectProvider<ObservationRegistry> observations) {
        ObservationRegistry registry = observations.getIfUnique(() -> ObservationRegistry.NOOP);
        List<ClientInterceptor> interceptors = List.of(new ObservationGrpcClientInterceptor(registry));
        return new InternalPlane(properties, interceptors);
    }
}
