package io.dsv.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.dsv.client.discovery.ServiceLocator;
import io.dsv.client.rpc.InternalPlane;
import io.dsv.core.protocol.MembershipChange;
import io.dsv.core.protocol.MembershipChange.Member;
import io.dsv.core.protocol.MessageCodec;
import io.dsv.rpc.ClusterCa;
import io.dsv.rpc.ClusterSignatures;
import io.dsv.rpc.Peer;
import io.dsv.rpc.Role;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * Issue 13: only a membership repair signed, and one anyone could adopt, changes the ring; every other
 * record is skipped once (counted), never retried, and never stops the records after it.
 */
class MembershipFollowerTest {

    private static final List<Member> FIRST = List.of(new Member("shard-1", "127.0.0.1:1", 1),
            new Member("shard-2", "127.0.0.1:2", 1), new Member("shard-3", "127.0.0.1:3", 1));
    private static final List<Member> EVIL = List.of(new Member("evil-1", "10.6.6.6:1", 1),
            new Member("evil-2", "10.6.6.6:2", 1), new Member("evil-3", "10.6.6.6:3", 1));

    @TempDir
    Path dir;

    private ClusterCa ca;
    private ShardDirectory directory;
    private MembershipFollower follower;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void cluster() {
        ca = ClusterCa.loadOrCreate(dir.resolve("ca"));
        directory = new ShardDirectory(new ClusterProperties(3, 2, 2, Duration.ofMillis(50), Duration.ofSeconds(1), List.of(),
                List.of(new ClusterProperties.ShardEndpoint("shard-1", "127.0.0.1:1", 1),
                        new ClusterProperties.ShardEndpoint("shard-2", "127.0.0.1:2", 1),
                        new ClusterProperties.ShardEndpoint("shard-3", "127.0.0.1:3", 1))),
                mock(ServiceLocator.class), mock(InternalPlane.class), mock(MetadataClient.class));
        @SuppressWarnings("unchecked")
        ConsumerFactory<String, byte[]> consumers = mock(ConsumerFactory.class);
        follower = new MembershipFollower(consumers, directory, signer(Role.GATEWAY, "gateway-1"), meters);
    }

    @Test
    void forgedAndInvalidRecordsAreSkippedAndTheNextGoodOneIsAdopted() {
        follower.handle(MessageCodec.encode(new MembershipChange("unsigned", 10, EVIL)));
        follower.handle(MessageCodec.encode(signed(Role.SHARD, "shard-1", new MembershipChange("by-a-shard", 11, EVIL))));
        MembershipChange tampered = signed(Role.REPAIR, "repair-1", new MembershipChange("tampered", 12, FIRST));
        follower.handle(MessageCodec.encode(new MembershipChange("tampered", 12, EVIL, tampered.signer(), tampered.signature())));
        follower.handle(MessageCodec.encode(signed(Role.REPAIR, "repair-1", new MembershipChange("twice", 13,
                List.of(FIRST.get(0), FIRST.get(0), FIRST.get(1), FIRST.get(2))))));
        follower.handle(MessageCodec.encode(signed(Role.REPAIR, "repair-1", new MembershipChange("weightless", 14,
                List.of(FIRST.get(0), FIRST.get(1), new Member("shard-4", "127.0.0.1:4", 0))))));
        follower.handle(MessageCodec.encode(signed(Role.REPAIR, "repair-1", new MembershipChange("too-few", 15,
                FIRST.subList(0, 2)))));
        follower.handle(new byte[] {5, 99});
        follower.handle(new byte[] {42});

        assertThat(directory.epoch()).as("nothing changed").isZero();
        assertThat(meters.counter("dsv.membership.rejected").count()).isEqualTo(8);

        List<Member> grown = List.of(FIRST.get(0), FIRST.get(1), FIRST.get(2), new Member("shard-4", "127.0.0.1:4", 2));
        follower.handle(MessageCodec.encode(signed(Role.REPAIR, "repair-1", new MembershipChange("good", 16, grown))));
        assertThat(directory.epoch()).isEqualTo(16);
        assertThat(directory.members()).isEqualTo(grown);
    }

    @Test
    void aSignedMembershipOfAnotherCaIsSkipped() {
        ClusterCa other = ClusterCa.loadOrCreate(dir.resolve("other"));
        MembershipChange change = new MembershipChange("elsewhere", 20, EVIL);
        ClusterSignatures.Signed signed = ClusterSignatures.of(other.credentials(new Peer(Role.REPAIR, "repair-1")))
                .sign(change.statement());
        assertThat(follower.whyNot(change.signed(signed.certificate(), signed.signature())))
                .hasValue("epoch 20 is not signed by a certificate of the cluster CA");
    }

    private MembershipChange signed(Role role, String id, MembershipChange change) {
        ClusterSignatures.Signed signed = signer(role, id).sign(change.statement());
        return change.signed(signed.certificate(), signed.signature());
    }

    private ClusterSignatures signer(Role role, String id) {
        return ClusterSignatures.of(ca.credentials(new Peer(role, id)));
    }
}
