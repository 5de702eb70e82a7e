package io.dsv.client;

import io.dsv.client.ClusterProperties.Endpoint;
import io.dsv.client.discovery.ServiceLocator;
import io.dsv.client.rpc.InternalPlane;
import io.dsv.rpc.v1.Empty;
import io.dsv.rpc.v1.PartitionsReply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Which metadata instance owns which partition of {@code dsv.tx}, as the instances themselves say
 * ({@code Partitions}: the partitions each owns and has caught up with). Asked again when a look-up
 * meets an instance that does not own the key or does not answer; the instances are asked in parallel,
 * each with a short deadline, so a paused one costs one deadline, not one per instance.
 */
final class MetadataRoutes implements AutoCloseable {

    private static final long MIN_REFRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final Duration ASK_WITHIN = Duration.ofSeconds(1);

    private final ServiceLocator locator;
    private final InternalPlane plane;
    private final ExecutorService askers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "dsv-metadata-routes");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Map<Integer, Endpoint> owners = Map.of();
    private volatile List<Endpoint> live = List.of();
    private long refreshedAt;

    MetadataRoutes(ServiceLocator locator, InternalPlane plane) {
        this.locator = locator;
        this.plane = plane;
    }

    /** The owner, or null when no instance claims the partition yet. */
    Endpoint owner(int partition) {
        Endpoint owner = owners.get(partition);
        if (owner == null) {
            refresh(false);
            owner = owners.get(partition);
        }
        return owner;
    }

    /** Instances that answered the last time they were asked, first; then the rest discovery lists. */
    List<Endpoint> instances() {
        List<Endpoint> all = new ArrayList<>(live);
        locator.metadata().stream().filter(e -> !all.contains(e)).forEach(all::add);
        return all;
    }

    /** Asks every instance again (at most every 100 ms, however many callers ask). */
    synchronized void refresh(boolean force) {
        long now = System.nanoTime();
        if (!force && refreshedAt != 0 && now - refreshedAt < MIN_REFRESH_NANOS) {
            return;
        }
        List<Endpoint> instances = locator.metadata();
        List<CompletableFuture<PartitionsReply>> asks = instances.stream()
                .map(e -> CompletableFuture.supplyAsync(() -> ask(e), askers)).toList();
        Map<Integer, Endpoint> found = new HashMap<>();
        List<Endpoint> answered = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            PartitionsReply reply = asks.get(i).join();
            Endpoint instance = instances.get(i);
            if (reply != null) {
                answered.add(instance);
                reply.getReadyList().forEach(p -> found.put(p, instance));
            }
        }
        owners = Map.copyOf(found);
        live = List.copyOf(answered);
        refreshedAt = System.nanoTime();
    }

    private PartitionsReply ask(Endpoint instance) {
        try {
            return plane.metadata(instance.id(), instance.address(), ASK_WITHIN).partitions(Empty.getDefaultInstance());
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        askers.shutdownNow();
    }
}
