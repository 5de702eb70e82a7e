package io.dsv.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsv.core.protocol.Topics;
import io.dsv.rpc.Peer;
import io.dsv.rpc.Role;
import java.util.List;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/** The ACL table, evaluated the way the broker does (literal or prefixed names, allow only). */
class KafkaAclsTest {

    private static final Peer GATEWAY = new Peer(Role.GATEWAY, "gateway-1");
    private static final Peer METADATA = new Peer(Role.METADATA, "metadata-2");
    private static final Peer REPAIR = new Peer(Role.REPAIR, "repair-1");
    private static final Peer SHARD_1 = new Peer(Role.SHARD, "shard-1");

    @Test
    void usersAreRolesExceptShardNodesWhichAreEachTheirOwn() {
        assertThat(KafkaAcls.user(GATEWAY)).isEqualTo("gateway");
        assertThat(KafkaAcls.user(new Peer(Role.GATEWAY, "gateway-7"))).isEqualTo("gateway");
        assertThat(KafkaAcls.user(METADATA)).isEqualTo("metadata");
        assertThat(KafkaAcls.user(SHARD_1)).isEqualTo("shard-1");
        assertThatThrownBy(() -> KafkaAcls.of(new Peer(Role.OPERATOR, "operator-1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aShardNodeReadsOnlyItsOwnCommandsAndWritesOnlyAcknowledgementsAndReplies() {
        List<AclBinding> acls = KafkaAcls.of(SHARD_1);
        assertThat(topic(acls, AclOperation.READ, "dsv.shard.shard-1")).isTrue();
        assertThat(group(acls, "shard-shard-1")).isTrue();
        assertThat(topic(acls, AclOperation.WRITE, Topics.ACKS)).isTrue();
        assertThat(topic(acls, AclOperation.WRITE, Topics.REPLIES)).isTrue();
        for (String topic : List.of("dsv.shard.shard-2", "dsv.shard.shard-10", Topics.TX, Topics.MEMBERSHIP, Topics.REPLIES,
                Topics.AUDIT, Topics.REPAIR, Topics.ACKS)) {
            assertThat(topic(acls, AclOperation.READ, topic)).as("reads " + topic).isFalse();
        }
        for (String topic : List.of("dsv.shard.shard-1", "dsv.shard.shard-2", Topics.TX, Topics.MEMBERSHIP, Topics.AUDIT,
                Topics.REPAIR)) {
            assertThat(topic(acls, AclOperation.WRITE, topic)).as("writes " + topic).isFalse();
        }
        assertThat(group(acls, "shard-shard-2")).isFalse();
    }

    @Test
    void onlyGatewaysAndMetadataWriteTheLogAndOnlyRepairWritesMembership() {
        for (Peer peer : List.of(GATEWAY, METADATA, REPAIR, SHARD_1)) {
            List<AclBinding> acls = KafkaAcls.of(peer);
            assertThat(topic(acls, AclOperation.WRITE, Topics.TX)).as(peer + " writes dsv.tx")
                    .isEqualTo(peer.role() == Role.GATEWAY || peer.role() == Role.METADATA);
            assertThat(topic(acls, AclOperation.WRITE, Topics.MEMBERSHIP)).as(peer + " writes membership")
                    .isEqualTo(peer.role() == Role.REPAIR);
            assertThat(topic(acls, AclOperation.READ, Topics.TX)).as(peer + " reads dsv.tx")
                    .isEqualTo(peer.role() == Role.METADATA);
            assertThat(topic(acls, AclOperation.READ, "dsv.shard.shard-1")).as(peer + " reads shard-1's commands")
                    .isEqualTo(peer.equals(SHARD_1));
        }
        assertThat(topic(KafkaAcls.of(GATEWAY), AclOperation.WRITE, "dsv.shard.shard-3")).isTrue();
        assertThat(transactions(KafkaAcls.of(GATEWAY), "dsv.intents.gateway-1-0")).isTrue();
        assertThat(transactions(KafkaAcls.of(GATEWAY), "dsv.decisions.metadata-1-0")).isFalse();
        assertThat(transactions(KafkaAcls.of(METADATA), "dsv.decisions.metadata-2-0")).isTrue();
        assertThat(transactions(KafkaAcls.of(SHARD_1), "dsv.intents.gateway-1-0")).isFalse();
    }

    private static boolean topic(List<AclBinding> acls, AclOperation operation, String name) {
        return allows(acls, ResourceType.TOPIC, operation, name);
    }

    private static boolean group(List<AclBinding> acls, String name) {
        return allows(acls, ResourceType.GROUP, AclOperation.READ, name);
    }

    private static boolean transactions(List<AclBinding> acls, String id) {
        return allows(acls, ResourceType.TRANSACTIONAL_ID, AclOperation.WRITE, id);
    }

    private static boolean allows(List<AclBinding> acls, ResourceType type, AclOperation operation, String name) {
        return acls.stream().anyMatch(acl -> acl.pattern().resourceType() == type
                && acl.entry().permissionType() == AclPermissionType.ALLOW
                && (acl.entry().operation() == operation || acl.entry().operation() == AclOperation.ALL)
                && (acl.pattern().patternType() == PatternType.LITERAL ? acl.pattern().name().equals(name)
                        : acl.pattern().patternType() == PatternType.PREFIXED && name.startsWith(acl.pattern().name())));
    }
}
