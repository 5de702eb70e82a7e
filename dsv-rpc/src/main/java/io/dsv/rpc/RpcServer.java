package io.dsv.rpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** A service's end of the internal plane: its methods, behind mutual TLS and the allow-list. */
public final class RpcServer implements AutoCloseable {

    private final Server server;

    public RpcServer(String host, int port, RpcTls tls, Map<String, Set<Role>> allowed, List<BindableService> services) {
        this(host, port, tls, allowed, services, List.of());
    }

    /** @param interceptors run on every admitted call, after the allow-list (observations, for one) */
    public RpcServer(String host, int port, RpcTls tls, Map<String, Set<Role>> allowed, List<BindableService> services,
                     List<ServerInterceptor> interceptors) {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(host, port), tls.server());
        AllowList allowList = new AllowList(allowed);
        for (BindableService service : services) {
            List<ServerInterceptor> chain = new java.util.ArrayList<>(interceptors);
            chain.add(allowList);                                  // intercept() runs the last one first
            builder.addService(ServerInterceptors.intercept(service, chain));
        }
        this.server = builder.build();
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + " for the internal plane", e);
        }
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
