package io.dsv.client.rpc;

import io.dsv.rpc.Role;
import io.dsv.rpc.RpcServer;
import io.grpc.BindableService;
import io.grpc.ServerInterceptor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/** A service's end of the internal plane, started and stopped with its context (before Kafka and Cassandra go). */
public class InternalPlaneServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InternalPlaneServer.class);

    private final RpcProperties properties;
    private final Map<String, Set<Role>> allowed;
    private final List<BindableService> services;
    private final List<ServerInterceptor> interceptors;
    private volatile RpcServer server;

    public InternalPlaneServer(RpcProperties properties, Map<String, Set<Role>> allowed, List<BindableService> services,
                               List<ServerInterceptor> interceptors) {
        this.properties = properties;
        this.allowed = allowed;
        this.services = services;
        this.interceptors = interceptors;
    }

    @Override
    public void start() {
        server = new RpcServer(properties.host(), properties.port(), properties.credentials(), allowed, services, interceptors);
        log.info("Internal plane (gRPC, mutual TLS) on {}:{}", properties.host(), server.port());
    }

    @Override
    public void stop() {
        RpcServer running = server;
        server = null;
        if (running != null) {
            running.close();
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    public int port() {
        return server.port();
    }
}
