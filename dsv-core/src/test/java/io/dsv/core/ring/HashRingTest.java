package io.dsv.core.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class HashRingTest {

    private static final int KEYS = 100_000;
    private static final List<RingNode> MIXED = List.of(
            new RingNode("shard-1", 1), new RingNode("shard-2", 2), new RingNode("shard-3", 3),
            new RingNode("shard-4", 1), new RingNode("shard-5", 2));

    @Test
    void keysSpreadInProportionToWeightWithinTenPercent() {
        HashRing ring = new HashRing(MIXED);
        Map<String, Integer> owned = new HashMap<>();
        for (int i = 0; i < KEYS; i++) {
            owned.merge(ring.primary(key(i)).nodeId(), 1, Integer::sum);
        }
        for (RingNode node : MIXED) {
            double ideal = (double) KEYS * node.weight() / ring.totalWeight();
            assertThat((double) owned.get(node.nodeId()))
                    .as(node.nodeId())
                    .isBetween(ideal * 0.9, ideal * 1.1);
        }
    }

    @Test
    void joiningMovesAboutItsWeightShareAndOnlyToItself() {
        HashRing before = new HashRing(MIXED);
        RingNode joining = new RingNode("shard-6", 3);
        HashRing after = before.with(joining);

        int moved = 0;
        for (int i = 0; i < KEYS; i++) {
            String oldOwner = before.primary(key(i)).nodeId();
            String newOwner = after.primary(key(i)).nodeId();
            if (!oldOwner.equals(newOwner)) {
                moved++;
                assertThat(newOwner).as("a moved key goes to the new node").isEqualTo(joining.nodeId());
            }
        }
        double ideal = (double) KEYS * joining.weight() / after.totalWeight();
        assertThat((double) moved).isBetween(ideal * 0.9, ideal * 1.1);
    }

    @Test
    void leavingMovesOnlyTheLeaversKeys() {
        HashRing before = new HashRing(MIXED);
        HashRing after = before.without("shard-3");
        int moved = 0;
        for (int i = 0; i < KEYS; i++) {
            String oldOwner = before.primary(key(i)).nodeId();
            String newOwner = after.primary(key(i)).nodeId();
            if (!oldOwner.equals(newOwner)) {
                moved++;
                assertThat(oldOwner).as("only keys of the leaving node move").isEqualTo("shard-3");
            }
        }
        double ideal = (double) KEYS * 3 / before.totalWeight();
        assertThat((double) moved).isBetween(ideal * 0.9, ideal * 1.1);
    }

    @Test
    void preferenceListsKeepTheirSurvivorsOnLeave() {
        // Removing a node changes a key's holders only where that node was among them.
        HashRing before = new HashRing(MIXED);
        HashRing after = before.without("shard-2");
        for (int i = 0; i < 5_000; i++) {
            List<String> was = before.preferenceList(key(i), 3).stream().map(RingNode::nodeId).toList();
            List<String> now = after.preferenceList(key(i), 3).stream().map(RingNode::nodeId).toList();
            if (!was.contains("shard-2")) {
                assertThat(now).isEqualTo(was);
            }
        }
    }

    @Property(tries = 300)
    void preferenceListsHoldNDistinctNodes(@ForAll String key, @ForAll @IntRange(min = 1, max = 5) int n) {
        List<RingNode> list = new HashRing(MIXED).preferenceList(key, n);
        Set<String> ids = new HashSet<>();
        list.forEach(node -> ids.add(node.nodeId()));
        assertThat(list).hasSize(n);
        assertThat(ids).hasSize(n);
    }

    @Test
    void theSameMembershipGivesTheSameRing() {
        HashRing a = new HashRing(MIXED);
        HashRing b = new HashRing(List.of(MIXED.get(4), MIXED.get(2), MIXED.get(0), MIXED.get(3), MIXED.get(1)));
        for (int i = 0; i < 1_000; i++) {
            assertThat(b.preferenceList(key(i), 5)).isEqualTo(a.preferenceList(key(i), 5));
        }
    }

    @Test
    void refusesBadArguments() {
        HashRing ring = new HashRing(MIXED);
        assertThatThrownBy(() -> ring.preferenceList("k", 6)).hasMessage("n (6) exceeds the 5 nodes on the ring");
        assertThatThrownBy(() -> ring.preferenceList("k", 0)).hasMessage("n must be at least 1, got 0");
        assertThatThrownBy(() -> new RingNode("x", 0)).hasMessage("weight of node x must be at least 1, got 0");
        assertThatThrownBy(() -> new HashRing(List.of(MIXED.get(0), MIXED.get(0))))
                .hasMessage("node shard-1 is on the ring twice");
    }

    private static String key(int i) {
        return "ns-" + (i % 17) + "/secret-" + i;
    }
}
