package io.dsv.client.discovery;

import io.dsv.client.ClusterProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

/**
 * Finds the other services through Spring Cloud discovery: simple discovery (static instances in
 * configuration) on one machine, Consul in a cluster (the {@code consul} profile). An address set
 * explicitly ({@code dsv.cluster.metadata-url}) wins. Answers are cached briefly, because a Consul
 * look-up is an HTTP call and the read path asks on every request.
 */
public class ServiceLocator {

    public static final String METADATA_SERVICE = "metadata-service";
    public static final String SHARD_SERVICE = "shard-service";
    /** Registration metadata a shard node publishes: its ring name, weight and public key. */
    public static final String NODE_ID = "node-id";
    public static final String WEIGHT = "weight";
    public static final String PUBLIC_KEY = "public-key";

    private static final Duration CACHE_FOR = Duration.ofSeconds(5);

    private final DiscoveryClient discovery;
    private final String configuredMetadataUrl;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private volatile ShardView shardView;

    @org.springframework.beans.factory.annotation.Autowired
    public ServiceLocator(DiscoveryClient discovery, ClusterProperties properties) {
        this(discovery, properties.metadataUrl(), Clock.systemUTC());
    }

    ServiceLocator(DiscoveryClient discovery, String configuredMetadataUrl, Clock clock) {
        this.discovery = discovery;
        this.configuredMetadataUrl = configuredMetadataUrl == null || configuredMetadataUrl.isBlank()
                ? null : configuredMetadataUrl;
        this.clock = clock;
    }

    /** Every metadata instance's base URL (the configured one alone, when set); empty when none is known. */
    public List<String> metadataUrls() {
        if (configuredMetadataUrl != null) {
            return List.of(configuredMetadataUrl.split(",")).stream().map(String::trim).filter(u -> !u.isEmpty()).toList();
        }
        return instances(METADATA_SERVICE).stream().map(ServiceLocator::baseUrl).toList();
    }

    /** Shard nodes that announce their ring name, in discovery's order. */
    public List<DiscoveredShard> shards() {
        return shardView().shards();
    }

    /** Asked for every share a read fetches: answered from a map built once per discovery answer. */
    public Optional<DiscoveredShard> shard(String nodeId) {
        return Optional.ofNullable(shardView().byNodeId().get(nodeId));
    }

    private ShardView shardView() {
        List<ServiceInstance> instances = instances(SHARD_SERVICE);
        ShardView view = shardView;
        if (view == null || view.source() != instances) {
            view = ShardView.of(instances);
            shardView = view;
        }
        return view;
    }

    private List<ServiceInstance> instances(String service) {
        Instant now = clock.instant();
        Cached cached = cache.get(service);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.instances();
        }
        List<ServiceInstance> fresh;
        try {
            fresh = List.copyOf(discovery.getInstances(service));
        } catch (RuntimeException e) {
            // discovery unreachable: keep using what it said last, if anything
            return cached == null ? List.of() : cached.instances();
        }
        cache.put(service, new Cached(fresh, now.plus(CACHE_FOR)));
        return fresh;
    }

    static String baseUrl(ServiceInstance instance) {
        String uri = instance.getUri().toString();
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    /** A shard node as discovery knows it; publicKey is null when the registration carries none. */
    public record DiscoveredShard(String nodeId, String url, int weight, String publicKey) {

        /** Empty for an instance without a ring name or with a weight that is not a positive number. */
        static Optional<DiscoveredShard> of(ServiceInstance instance) {
            Map<String, String> meta = instance.getMetadata();
            String nodeId = meta.get(NODE_ID);
            if (nodeId == null || nodeId.isBlank()) {
                return Optional.empty();
            }
            try {
                int weight = Integer.parseInt(meta.getOrDefault(WEIGHT, "1").trim());
                return weight < 1 ? Optional.empty()
                        : Optional.of(new DiscoveredShard(nodeId, baseUrl(instance), weight, meta.get(PUBLIC_KEY)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    private record Cached(List<ServiceInstance> instances, Instant until) {
    }

    /** The shard nodes of one discovery answer ({@code source}), parsed. */
    private record ShardView(List<ServiceInstance> source, List<DiscoveredShard> shards,
                             Map<String, DiscoveredShard> byNodeId) {

        static ShardView of(List<ServiceInstance> source) {
            List<DiscoveredShard> shards = source.stream().map(DiscoveredShard::of).flatMap(Optional::stream).toList();
            Map<String, DiscoveredShard> byNodeId = new java.util.HashMap<>();
            shards.forEach(shard -> byNodeId.putIfAbsent(shard.nodeId(), shard));      // the first listed wins, as before
            return new ShardView(source, shards, Map.copyOf(byNodeId));
        }
    }
}
