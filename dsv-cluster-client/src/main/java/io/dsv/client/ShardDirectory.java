package io.dsv.client;

import io.dsv.core.domain.SecretId;
import io.dsv.core.protocol.Holder;
import io.dsv.core.ring.HashRing;
import io.dsv.core.ring.RingNode;
import io.dsv.core.seal.X25519Keys;
import io.dsv.client.ClusterProperties.ShardEndpoint;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.web.client.RestClient;

/**
 * Where shard nodes are and what they are called on the ring. Public keys are fetched from each
 * node's identity endpoint once and cached: a node's key pair is fixed for its life.
 */

public class ShardDirectory {

    private final Map<String, ShardEndpoint> endpoints;
    private final HashRing ring;
    private final int n;
    private final RestClient http;
    private final Map<String, PublicKey> publicKeys = new ConcurrentHashMap<>();

    public ShardDirectory(ClusterProperties properties, RestClient.Builder http) {
        this.endpoints = properties.shards().stream()
                .collect(Collectors.toUnmodifiableMap(ShardEndpoint::id, Function.identity()));
        this.ring = new HashRing(properties.shards().stream().map(s -> new RingNode(s.id(), s.weight())).toList());
        this.n = properties.n();
        this.http = http.build();
    }

    /** Share i (x = i) of a new version goes to the i-th node of the key's preference list. */
    public List<Holder> holdersFor(SecretId id) {
        List<RingNode> nodes = ring.preferenceList(id.key(), n);
        List<Holder> holders = new ArrayList<>(n);
        for (int i = 0; i < nodes.size(); i++) {
            holders.add(new Holder(nodes.get(i).nodeId(), i + 1));
        }
        return holders;
    }

    public String url(String nodeId) {
        ShardEndpoint endpoint = endpoints.get(nodeId);
        if (endpoint == null) {
            throw new IllegalStateException("unknown shard node " + nodeId);
        }
        return endpoint.url();
    }

    /** The node's public key; throws when the node cannot be reached to learn it. */
    public PublicKey publicKey(String nodeId) {
        return publicKeys.computeIfAbsent(nodeId, id -> {
            IdentityView view = http.get().uri(url(id) + "/internal/identity").retrieve().body(IdentityView.class);
            if (view == null || !id.equals(view.nodeId())) {
                throw new IllegalStateException("shard node at " + url(id) + " is not " + id);
            }
            return X25519Keys.publicKey(Base64.getDecoder().decode(view.publicKey()));
        });
    }

    record IdentityView(String nodeId, int weight, String publicKey) {
    }
}
