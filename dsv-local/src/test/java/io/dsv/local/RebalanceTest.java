package io.dsv.local;

import static io.dsv.local.TestApi.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import io.dsv.core.protocol.MembershipChange;
import io.dsv.core.protocol.MessageCodec;
import io.dsv.core.protocol.Topics;
import io.dsv.rpc.ClusterSignatures;
import io.dsv.rpc.Peer;
import io.dsv.rpc.Role;
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

    /**
     * Issue 13: whoever can write to {@code dsv.membership} still cannot steer shares. Records that are
     * unsigned, signed by a shard node, signed by repair over other members, or signed by repair but not
     * adoptable (a node twice) are skipped by every reader: the ring stays, new writes go to the real
     * nodes, and a real membership change afterwards is still adopted (RebalanceTest's other test).
     */
    @Test
    void forgedOrInvalidMembershipRecordsChangeNothing() throws Exception {
        long epoch = api.cluster.operator().membership(api.cluster.repairId(), api.cluster.repairAddress()).getEpoch();
        double gatewayRejected = SelfHealingTest.metric(api.cluster.gatewayManagementUrl(0), "dsv.membership.rejected");
        double repairRejected = SelfHealingTest.metric(api.cluster.repairUrl(), "dsv.membership.rejected");
        List<MembershipChange.Member> evil = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            evil.add(new MembershipChange.Member("evil-" + i, "127.0.0.1:" + (1 + i), 1));
        }
        long forgedEpoch = System.currentTimeMillis() + 86_400_000L;
        MembershipChange unsigned = new MembershipChange("forged-1", forgedEpoch, evil);
        MembershipChange byShard = signedBy(new Peer(Role.SHARD, api.cluster.settings().shardId(0)),
                new MembershipChange("forged-2", forgedEpoch + 1, evil));
        MembershipChange real = signedBy(new Peer(Role.REPAIR, api.cluster.repairId()),
                new MembershipChange("forged-3", forgedEpoch + 2, realMembers(5)));
        MembershipChange swapped = new MembershipChange("forged-3", forgedEpoch + 2, evil, real.signer(), real.signature());
        List<MembershipChange.Member> twice = new ArrayList<>(realMembers(5));
        twice.add(twice.get(0));
        MembershipChange invalid = signedBy(new Peer(Role.REPAIR, api.cluster.repairId()),
                new MembershipChange("forged-4", forgedEpoch + 3, twice));
        // Only repair's Kafka user may write membership: these come with its password but not its signing key.
        java.util.Properties props = new java.util.Properties();
        props.putAll(api.cluster.kafkaConfigAs(new Peer(Role.REPAIR, api.cluster.repairId())));
        try (org.apache.kafka.clients.producer.KafkaProducer<String, byte[]> producer =
                     new org.apache.kafka.clients.producer.KafkaProducer<>(props,
                             new org.apache.kafka.common.serialization.StringSerializer(),
                             new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            for (MembershipChange forged : List.of(unsigned, byShard, swapped, invalid)) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.MEMBERSHIP, "membership",
                        MessageCodec.encode(forged))).get();
            }
        }

        eventually(Duration.ofSeconds(15), () -> SelfHealingTest.metric(api.cluster.gatewayManagementUrl(0),
                "dsv.membership.rejected") == gatewayRejected + 4
                && SelfHealingTest.metric(api.cluster.repairUrl(), "dsv.membership.rejected") == repairRejected + 4);
        assertThat(api.cluster.operator().membership(api.cluster.repairId(), api.cluster.repairAddress()).getEpoch())
                .isEqualTo(epoch);
        assertThat(Http.post(api.gw1, api.create("after-forgery", "stays-home")).statusCode()).isEqualTo(201);
        assertThat(api.read(api.gw2, "after-forgery", null)).isEqualTo("stays-home");
        java.util.Map<String, Integer> holders = api.cql.execute("SELECT holders FROM dsv_metadata.secret_versions"
                + " WHERE namespace = ? AND name = ? AND version = 1", api.ns, "after-forgery").one()
                .getMap(0, String.class, Integer.class);
        assertThat(holders.keySet()).hasSize(5).allMatch(node -> node.startsWith("shard-"));
    }

    private static MembershipChange signedBy(Peer peer, MembershipChange change) {
        ClusterSignatures.Signed signed = ClusterSignatures.of(api.cluster.credentials(peer)).sign(change.statement());
        return change.signed(signed.certificate(), signed.signature());
    }

    private static List<MembershipChange.Member> realMembers(int nodes) {
        List<MembershipChange.Member> members = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            members.add(new MembershipChange.Member(api.cluster.settings().shardId(i), api.cluster.shardAddress(i), 1));
        }
        return members;
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
