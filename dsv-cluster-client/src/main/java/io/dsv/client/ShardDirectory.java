package io.dsv.client;

import io.dsv.client.discovery.ServiceLocator;
import io.dsv.core.domain.ErrorCode;
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
import io.dsv.client.rpc.InternalPlane;
import io.dsv.rpc.v1.Empty;
import io.dsv.rpc.v1.NodeIdentity;

/**
 * Where shard nodes are and what they are called on the ring. The first ring (epoch 0) comes from
 * {@code dsv.cluster.shards} or, when that is empty, from the shard nodes discovery lists (Consul, or
 * simple discovery) once n of them are there; a {@link MembershipChange} with a newer epoch (from
 * {@code dsv.membership}) replaces it. Discovery changes addresses, never the ring: a node failing its
 * health check must not move shares. Addresses of nodes that left are kept: versions written before
 * still name them until rebalanced. A public key comes only from the node itself, over mutual TLS with
 * a certificate naming it (a key in a discovery registration is checked against it, never trusted),
 * once, then cached: it is never replaced while this process runs.
 */
public class ShardDirectory {

    private final Map<String, String> addresses = new ConcurrentHashMap<>();
    private final int n;
    private final InternalPlane plane;
    private final Map<String, PublicKey> publicKeys = new ConcurrentHashMap<>();
    private final ServiceLocator locator;
    private final MetadataClient pins;
    private volatile Members current;

    public ShardDirectory(ClusterProperties properties, ServiceLocator locator, InternalPlane plane, MetadataClient pins) {
        this.n = properties.n();
        this.plane = plane;
        this.locator = locator;
        this.pins = pins;
        if (!properties.shards().isEmpty()) {
            apply(new MembershipChange("config", 0, properties.shards().stream()
                    .map(s -> new MembershipChange.Member(s.id(), s.address(), s.weight())).toList()));
        }
    }

    /** The current ring; before any, the one discovery offers, if it lists n nodes yet. */
    private Members current() {
        Members members = current;
        if (members != null) {
            return members;
        }
        List<MembershipChange.Member> discovered = locator.shards().stream()
                .map(s -> new MembershipChange.Member(s.nodeId(), s.address(), s.weight())).toList();
        if (discovered.size() < n) {
            throw new ApiException(ErrorCode.INSUFFICIENT_SHARDS, "discovery lists " + discovered.size()
                    + " shard nodes, fewer than n=" + n);
        }
        apply(new MembershipChange("discovery", 0, discovered));
        return current;
    }

    /** Adopts a membership if it is newer than the current one; returns whether it did. */
    public synchronized boolean apply(MembershipChange change) {
        if (current != null && change.epoch() <= current.epoch()) {
            return false;
        }
        check(change.members());
        change.members().forEach(m -> addresses.put(m.nodeId(), m.address()));
        current = new Members(change.epoch(), List.copyOf(change.members()),
                new HashRing(change.members().stream().map(m -> new RingNode(m.nodeId(), m.weight())).toList()));
        return true;
    }

    /** Refuses a membership that cannot hold n shares per secret on distinct nodes ({@link MembershipChange#problem}). */
    public void check(List<MembershipChange.Member> members) {
        new MembershipChange("check", 0, members).problem(n).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
    }

    public int n() {
        return n;
    }

    public long epoch() {
        return current().epoch();
    }

    public List<MembershipChange.Member> members() {
        return current().members();
    }

    /** Share i (x = i) of a new version goes to the i-th node of the key's preference list. */
    public List<Holder> holdersFor(SecretId id) {
        List<RingNode> nodes = current().ring().preferenceList(id.key(), n);
        List<Holder> holders = new ArrayList<>(n);
        for (int i = 0; i < nodes.size(); i++) {
            holders.add(new Holder(nodes.get(i).nodeId(), i + 1));
        }
        return holders;
    }

    /** Where the node's internal plane answers now: discovery's address when it lists the node, else the ring's. */
    public String address(String nodeId) {
        String address = locator.shard(nodeId).map(ServiceLocator.DiscoveredShard::address)
                .orElseGet(() -> addresses.get(nodeId));
        if (address == null) {
            throw new IllegalStateException("unknown shard node " + nodeId);
        }
        return address;
    }

    /**
     * The node's public key; throws when the node cannot be reached to learn it. Asked of the node itself
     * over mutual TLS, whose certificate must name it; a registration that names another key is refused.
     * The key is pinned in metadata at first sight (design §6): a node that later presents another key (a
     * node certificate stolen onto a machine with a key of the thief's) is refused, never sealed to, until
     * an operator forgets the recorded key on purpose.
     */
    public PublicKey publicKey(String nodeId) {
        return publicKeys.computeIfAbsent(nodeId, id -> {
            NodeIdentity identity = plane.shard(id, address(id)).identity(Empty.getDefaultInstance());
            if (!id.equals(identity.getNodeId())) {
                throw new IllegalStateException("shard node at " + address(id) + " is not " + id);
            }
            byte[] key = identity.getPublicKey().toByteArray();
            String registered = locator.shard(id).map(ServiceLocator.DiscoveredShard::publicKey).orElse(null);
            if (registered != null && !java.security.MessageDigest.isEqual(Base64.getDecoder().decode(registered), key)) {
                // discovery is not an authority on keys: a registration that disagrees with the node is forged
                throw new IllegalStateException("the registration of " + id + " names another public key than the node");
            }
            if (!java.security.MessageDigest.isEqual(pins.pinNodeKey(id, key), key)) {
                throw new IllegalStateException("shard node " + id + " presents another public key than the one recorded"
                        + " at its first registration; refused (dsv-operator.sh forget-node-key " + id + " if replaced on purpose)");
            }
            return X25519Keys.publicKey(key);
        });
    }

    private record Members(long epoch, List<MembershipChange.Member> members, HashRing ring) {
    }
}
