package io.dsv.core.ring;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Consistent-hash ring with virtual nodes in proportion to weight. Immutable: membership changes
 * make a new ring ({@link #with}, {@link #without}), so readers never see a half-changed ring.
 *
 * <p>Positions are the first 8 bytes of SHA-256, so every process computes the same ring from the
 * same membership. A node of weight w owns w x {@link #DEFAULT_VNODES_PER_WEIGHT} points; adding it
 * takes over only the arcs in front of its points, about w / total-weight of the keys.
 */
public final class HashRing {

    public static final int DEFAULT_VNODES_PER_WEIGHT = 256;

    private final Map<String, RingNode> nodes;
    private final NavigableMap<Long, RingNode> points;
    private final int vnodesPerWeight;

    public HashRing(Collection<RingNode> members) {
        this(members, DEFAULT_VNODES_PER_WEIGHT);
    }

    public HashRing(Collection<RingNode> members, int vnodesPerWeight) {
        if (vnodesPerWeight < 1) {
            throw new IllegalArgumentException("vnodesPerWeight must be at least 1, got " + vnodesPerWeight);
        }
        this.vnodesPerWeight = vnodesPerWeight;
        this.nodes = new LinkedHashMap<>();
        this.points = new TreeMap<>();
        for (RingNode node : members) {
            if (nodes.putIfAbsent(node.nodeId(), node) != null) {
                throw new IllegalArgumentException("node " + node.nodeId() + " is on the ring twice");
            }
            int count = node.weight() * vnodesPerWeight;
            for (int v = 0; v < count; v++) {
                points.putIfAbsent(position(node.nodeId() + "#" + v), node);   // a 64-bit collision just drops one point
            }
        }
    }

    /** The first n distinct nodes clockwise from the key's position. */
    public List<RingNode> preferenceList(String key, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, got " + n);
        }
        if (n > nodes.size()) {
            throw new IllegalArgumentException("n (" + n + ") exceeds the " + nodes.size() + " nodes on the ring");
        }
        List<RingNode> result = new ArrayList<>(n);
        Set<String> seen = new HashSet<>();
        long start = position(key);
        for (RingNode node : points.tailMap(start, true).values()) {
            if (seen.add(node.nodeId())) {
                result.add(node);
                if (result.size() == n) {
                    return result;
                }
            }
        }
        for (RingNode node : points.headMap(start, false).values()) {   // wrap around
            if (seen.add(node.nodeId())) {
                result.add(node);
                if (result.size() == n) {
                    return result;
                }
            }
        }
        return result;
    }

    public RingNode primary(String key) {
        return preferenceList(key, 1).get(0);
    }

    public HashRing with(RingNode node) {
        List<RingNode> members = new ArrayList<>(nodes.values());
        members.add(node);
        return new HashRing(members, vnodesPerWeight);
    }

    public HashRing without(String nodeId) {
        if (!nodes.containsKey(nodeId)) {
            throw new IllegalArgumentException("node " + nodeId + " is not on the ring");
        }
        List<RingNode> members = new ArrayList<>(nodes.values());
        members.removeIf(n -> n.nodeId().equals(nodeId));
        return new HashRing(members, vnodesPerWeight);
    }

    public Collection<RingNode> nodes() {
        return List.copyOf(nodes.values());
    }

    public int totalWeight() {
        return nodes.values().stream().mapToInt(RingNode::weight).sum();
    }

    static long position(String value) {
        byte[] digest = sha256().digest(value.getBytes(StandardCharsets.UTF_8));
        long position = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            position = (position << 8) | (digest[i] & 0xFFL);
        }
        return position;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
