package io.dsv.client;

import io.dsv.client.discovery.ServiceLocator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Which metadata instance owns which partition of {@code dsv.tx}, as the instances themselves say
 * ({@code GET /internal/partitions}: the partitions each owns and has caught up with). Asked again when
 * a look-up meets an instance that does not own the key (421) or does not answer; the instances are
 * asked in parallel, each with a short time limit, so a paused one costs one limit, not one per instance.
 */
final class MetadataRoutes implements AutoCloseable {

    private static final long MIN_REFRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ServiceLocator locator;
    private final RestClient http;
    private final HttpComponentsClientHttpRequestFactory factory;
    private final ExecutorService askers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "dsv-metadata-routes");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Map<Integer, String> owners = Map.of();
    private volatile List<String> live = List.of();
    private long refreshedAt;

    MetadataRoutes(ServiceLocator locator, RestClient.Builder builder, Duration timeout) {
        this.locator = locator;
        this.factory = PooledHttp.factory(timeout);
        this.http = builder.clone().requestFactory(factory).build();
    }

    /** The owner's base URL, or null when no instance claims the partition yet. */
    String owner(int partition) {
        String url = owners.get(partition);
        if (url == null) {
            refresh(false);
            url = owners.get(partition);
        }
        return url;
    }

    /** Instances that answered the last time they were asked, first; then the rest discovery lists. */
    List<String> instances() {
        List<String> all = new ArrayList<>(live);
        locator.metadataUrls().stream().filter(u -> !all.contains(u)).forEach(all::add);
        return all;
    }

    /** Asks every instance again (at most every 100 ms, however many callers ask). */
    synchronized void refresh(boolean force) {
        long now = System.nanoTime();
        if (!force && refreshedAt != 0 && now - refreshedAt < MIN_REFRESH_NANOS) {
            return;
        }
        List<String> urls = locator.metadataUrls();
        List<CompletableFuture<Partitions>> asks = urls.stream()
                .map(url -> CompletableFuture.supplyAsync(() -> ask(url), askers)).toList();
        Map<Integer, String> found = new HashMap<>();
        List<String> answered = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            Partitions partitions = asks.get(i).join();
            String url = urls.get(i);
            if (partitions != null) {
                answered.add(url);
                partitions.ready().forEach(p -> found.put(p, url));
            }
        }
        owners = Map.copyOf(found);
        live = List.copyOf(answered);
        refreshedAt = System.nanoTime();
    }

    private Partitions ask(String url) {
        try {
            return http.get().uri(url + "/internal/partitions").retrieve().body(Partitions.class);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() throws Exception {
        askers.shutdownNow();
        factory.destroy();
    }

    record Partitions(List<Integer> ready) {
        Partitions {
            ready = ready == null ? List.of() : ready;
        }
    }
}
