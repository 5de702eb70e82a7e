package io.dsv.local.history;

import io.dsv.local.LocalCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.core.throttle.Throttler;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * A TCP fault proxy (netcrusher) on every link from a gateway or repair-service to metadata and the
 * shard nodes: the cluster is given the proxy's address instead of the service's. A link can be frozen
 * (connections open, nothing moves), slowed (a delay on every chunk), or cut (its connections closed).
 */
final class FaultLinks implements LocalCluster.Links, AutoCloseable {

    private final NioReactor reactor;
    private final Map<String, Link> links = new ConcurrentHashMap<>();

    FaultLinks() {
        try {
            reactor = new NioReactor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String address(String from, String to, String address) {
        URI target = URI.create("tcp://" + address);
        Link link = links.computeIfAbsent(from + "->" + to, name -> {
            SwitchableDelay delay = new SwitchableDelay();
            TcpCrusher crusher = TcpCrusherBuilder.builder().withReactor(reactor)
                    .withBindAddress("127.0.0.1", freePort())
                    .withConnectAddress(target.getHost(), target.getPort())
                    .withIncomingThrottlerFactory(peer -> delay)
                    .withOutgoingThrottlerFactory(peer -> delay)
                    .buildAndOpen();
            return new Link(name, crusher, delay);
        });
        return "127.0.0.1:" + link.crusher.getBindAddress().getPort();
    }

    List<Link> all() {
        return List.copyOf(links.values());
    }

    /** Unfreezes and speeds up every link. */
    void healAll() {
        for (Link link : links.values()) {
            link.delay.off();
            if (link.crusher.isFrozen()) {
                link.crusher.unfreeze();
            }
        }
    }

    @Override
    public void close() {
        links.values().forEach(link -> link.crusher.close());
        reactor.close();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One proxied link, from one service to another. */
    record Link(String name, TcpCrusher crusher, SwitchableDelay delay) {

        void freeze() {
            crusher.freeze();
        }

        void unfreeze() {
            crusher.unfreeze();
        }

        void cut() {
            crusher.closeAllPairs();
        }
    }

    /** A delay on every chunk that passes, switched on and off while the link is in use. */
    static final class SwitchableDelay implements Throttler {

        private volatile long delayNanos;

        void on(long millis) {
            delayNanos = TimeUnit.MILLISECONDS.toNanos(millis);
        }

        void off() {
            delayNanos = 0;
        }

        @Override
        public long calculateDelayNs(ByteBuffer buffer) {
            long delay = delayNanos;
            return delay == 0 ? Throttler.NO_DELAY_NS : delay;
        }
    }
}
