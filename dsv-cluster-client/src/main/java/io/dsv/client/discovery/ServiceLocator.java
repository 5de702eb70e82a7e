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
    /** Registration metadata every internal-plane server publishes: its port there, and its id (metadata). */
    public static final String RPC_PORT = "rpc-port";
    public static final String INSTANCE_ID = "instance-id";

    private static final Duration CACHE_FOR = Duration.ofSeconds(5);

    private final DiscoveryClient discovery;
    private final List<ClusterProperties.Endpoint> configuredMetadata;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private volatile ShardView shardView;

    @org.springframework.beans.factory.annotation.Autowired
    public ServiceLocator(DiscoveryClient discovery, ClusterProperties properties) {
        this(discovery, properties.metadata(), Clock.systemUTC());
    }

    ServiceLocator(DiscoveryClient discovery, List<ClusterProperties.Endpoint> configuredMetadata, Clock clock) {
        this.discovery = discovery;
        this.configuredMetadata = configuredMetadata;
        this.clock = clock;
    }

    /**
     * Every metadata instance (its id and internal-plane address): the configured ones when set, else those
     * discovery lists that announce both; empty when none is known.
     */
    public List<ClusterProperties.Endpoint> metadata() {
        if (!configuredMetadata.isEmpty()) {
            return configuredMetadata;
        }
        return instances(METADATA_SERVICE).stream().map(ServiceLocator::metadataEndpoint).flatMap(Optional::stream).toList();
    }

    private static Optional<ClusterProperties.Endpoint> metadataEndpoint(ServiceInstance instance) {
        String id = instance.getMetadata().get(INSTANCE_ID);
        return rpcAddress(instance).filter(address -> id != null && !id.isBlank())
                .map(address -> new ClusterProperties.Endpoint(id, address));
    }

    /** host:port of the instance's internal plane, when it announces its port there. */
    static Optional<String> rpcAddress(ServiceInstance instance) {
        String port = instance.getMetadata().get(RPC_PORT);
        if (port == null || !port.trim().matches("\\d{1,5}")) {
            return Optional.empty();
        }
        return Optional.of(instance.getHost() + ":" + port.trim());
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

    /** A shard node as discovery knows it; publicKey is null when the registration carries none. */
    public record DiscoveredShard(String nodeId, String address, int weight, String publicKey) {

        /** Empty for an instance without a ring name, an internal-plane port or a positive weight. */
        static Optional<DiscoveredShard> of(ServiceInstance instance) {
            Map<String, String> meta = instance.getMetadata();
            String nodeId = meta.get(NODE_ID);
            Optional<String> address = rpcAddress(instance);
            if (nodeId == null || nodeId.isBlank() || address.isEmpty()) {
                return Optional.empty();
            }
            try {
                int weight = Integer.parseInt(meta.getOrDefault(WEIGHT, "1").trim());
                return weight < 1 ? Optional.empty()
                        : Optional.of(new DiscoveredShard(nodeId, address.get(), weight, meta.get(PUBLIC_KEY)));
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
