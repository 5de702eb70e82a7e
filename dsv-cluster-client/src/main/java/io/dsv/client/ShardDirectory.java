package io.dsv.client;

import io.dsv.core.domain.SecretId;
import io.dsv.core.protocol.Holder;
import io.dsv.core.protocol.MembershipChange;
import io.dsv.core.ring.HashRing;
import io.dsv.core.ring.RingNode;
import io.dsv.core.seal.X25519Keys;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.client.RestClient;

/**
 * Where shard nodes are and what they are called on the ring. Starts from {@code dsv.cluster.shards};
 * a {@link MembershipChange} with a newer epoch (from {@code dsv.membership}) replaces the ring.
 * Addresses of nodes that left are kept: versions written before still name them until rebalanced.
 * Public keys are fetched from each node's identity endpoint once and cached.
 */
public class ShardDirectory {

    private final Map<String, String> urls = new ConcurrentHashMap<>();
    private final int n;
    private final RestClient http;
    private final Map<String, PublicKey> publicKeys = new ConcurrentHashMap<>();
    private volatile Members current;

    public ShardDirectory(ClusterProperties properties, RestClient.Builder http) {
        this.n = properties.n();
        this.http = http.build();
        apply(new MembershipChange("config", 0, properties.shards().stream()
                .map(s -> new MembershipChange.Member(s.id(), s.url(), s.weight())).toList()));
    }

    /** Adopts a membership if it is newer than the current one; returns whether it did. */
    public synchronized boolean apply(MembershipChange change) {
        if (current != null && change.epoch() <= current.epoch()) {
            return false;
        }
        check(change.members());
        change.members().forEach(m -> urls.put(m.nodeId(), m.url()));
        current = new Members(change.epoch(), List.copyOf(change.members()),
                new HashRing(change.members().stream().map(m -> new RingNode(m.nodeId(), m.weight())).toList()));
        return true;
    }

    /** Refuses a membership that cannot hold n shares per secret on distinct nodes. */
    public void check(List<MembershipChange.Member> members) {
        if (members.size() < n) {
            throw new IllegalArgumentException("a membership of " + members.size() + " nodes cannot hold n=" + n
                    + " shares per secret");
        }
    }

    public long epoch() {
        return current.epoch();
    }

    public List<MembershipChange.Member> members() {
        return current.members();
    }

    /** Share i (x = i) of a new version goes to the i-th node of the key's preference list. */
    public List<Holder> holdersFor(SecretId id) {
        List<RingNode> nodes = current.ring().preferenceList(id.key(), n);
        List<Holder> holders = new ArrayList<>(n);
        for (int i = 0; i < nodes.size(); i++) {
            holders.add(new Holder(nodes.get(i).nodeId(), i + 1));
        }
        return holders;
    }

    public String url(String nodeId) {
        String url = urls.get(nodeId);
        if (url == null) {
            throw new IllegalStateException("unknown shard node " + nodeId);
        }
        return url;
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

    private record Members(long epoch, List<MembershipChange.Member> members, HashRing ring) {
    }
}
