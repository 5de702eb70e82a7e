package io.dsv.local;

import static io.dsv.local.TestApi.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import io.dsv.rpc.v1.Member;
import io.dsv.rpc.v1.RebalanceResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Membership changes on the real cluster: 5 -> 6 shard nodes moves about 1/6 of the shares to the
 * new node, 6 -> 5 moves them back off it; every secret reads throughout, and no old copy stays.
 */
@ExtendWith(SharedCluster.class)
@Order(4)
class RebalanceTest {

    private static final int SECRETS = 40;
    static TestApi api;

    @BeforeAll
    static void useCluster() {
        api = new TestApi("rebalance");
    }

    @Test
    void addingASixthNodeMovesAboutASixthOfTheSharesAndRemovingItMovesThemBack() {
        for (int i = 0; i < SECRETS; i++) {
            assertThat(Http.post(i % 2 == 0 ? api.gw1 : api.gw2, api.create("rb-" + i, "moving-" + i)).statusCode())
                    .isEqualTo(201);
        }
        api.cluster.startShard(5);                                   // shard-6, weight 1
        try {
            RebalanceResult grow = membership(6);
            double fraction = (double) grow.getSharesMoved() / grow.getSharesTotal();
            assertThat(grow.getSharesFailed()).as(grow.toString()).isZero();
            assertThat(fraction).as("moved fraction").isBetween(0.10, 0.24);     // ideal 1/6

            long onNewNode = 0;
            for (int i = 0; i < SECRETS; i++) {
                String name = "rb-" + i;
                onNewNode += api.sharesOn(5, name);
                assertThat(api.read(api.gw1, name, null)).isEqualTo("moving-" + i);
                eventually(Duration.ofSeconds(10), () -> totalShares(name, 6) == 5);   // old copy released
            }
            assertThat(onNewNode).isBetween(SECRETS * 5 / 6L - 12, SECRETS * 5 / 6L + 8);

            // new writes follow the new ring too, and still read
            eventually(Duration.ofSeconds(10), () -> Http.post(api.gw2, api.create("rb-after", "new-ring")).statusCode() == 201);
            assertThat(api.read(api.gw1, "rb-after", null)).isEqualTo("new-ring");

            RebalanceResult shrink = membership(5);
            assertThat(shrink.getSharesFailed()).as(shrink.toString()).isZero();
            double back = (double) shrink.getSharesMoved() / shrink.getSharesTotal();
            assertThat(back).as("moved fraction back").isBetween(0.10, 0.24);
            for (int i = 0; i < SECRETS; i++) {
                String name = "rb-" + i;
                eventually(Duration.ofSeconds(10), () -> api.sharesOn(5, name) == 0);
                assertThat(totalShares(name, 6)).isEqualTo(5);
            }
        } finally {
            api.cluster.stopShard(5);
        }
        for (int i = 0; i < SECRETS; i++) {
            assertThat(api.read(api.gw2, "rb-" + i, null)).isEqualTo("moving-" + i);
        }
        assertThat(api.read(api.gw2, "rb-after", null)).isEqualTo("new-ring");
        assertThat(SelfHealingTest.metric(api.cluster.repairUrl(), "dsv.rebalance.shares.moved")).isGreaterThan(0);
    }

    /** An operator's new ring of the first {@code nodes} shard nodes, through repair-service's internal plane. */
    private static RebalanceResult membership(int nodes) {
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            members.add(Member.newBuilder().setNodeId(api.cluster.settings().shardId(i))
                    .setAddress(api.cluster.shardAddress(i)).setWeight(1).build());
        }
        return api.cluster.operator().changeMembership(api.cluster.repairId(), api.cluster.repairAddress(), members);
    }

    private static long totalShares(String name, int nodes) {
        long total = 0;
        for (int i = 0; i < nodes; i++) {
            total += api.sharesOn(i, name);
        }
        return total;
    }
}
