package io.dsv.local;

import io.dsv.core.protocol.Topics;
import io.dsv.rpc.Peer;
import io.dsv.rpc.Role;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on the broker (design §6), one Kafka user per role and one per shard node. A shard
 * node reads only its own command topic and writes only acknowledgements and replies; only gateways
 * write intents and shares, only metadata writes decisions, only repair writes membership. Intents and
 * decisions share {@code dsv.tx} (the log decides), so a topic ACL cannot tell them apart: both gateways
 * and metadata may write it, no one else. Everything not listed is denied.
 */
final class KafkaAcls {

    private static final String SHARD_TOPICS = Topics.shard("");

    private KafkaAcls() {
    }

    /** The Kafka user of an instance: its role, except that every shard node is a user of its own. */
    static String user(Peer peer) {
        return switch (peer.role()) {
            case SHARD -> peer.id();
            case GATEWAY, METADATA, REPAIR -> peer.role().label();
            case OPERATOR -> throw new IllegalArgumentException("the operator uses the broker's administrator");
        };
    }

    static List<AclBinding> of(Peer peer) {
        Grants grants = new Grants(user(peer));
        switch (peer.role()) {
            case GATEWAY -> grants.write(Topics.TX, Topics.AUDIT, Topics.REPAIR).writePrefixed(SHARD_TOPICS)
                    .read(Topics.REPLIES, Topics.MEMBERSHIP).transactions("dsv.intents.");
            case METADATA -> grants.read(Topics.TX, Topics.ACKS, Topics.AUDIT, Topics.MEMBERSHIP)
                    .write(Topics.TX, Topics.ACKS, Topics.REPLIES).writePrefixed(SHARD_TOPICS)
                    .groups("dsv-metadata", "dsv-audit").transactions("dsv.decisions.");
            case REPAIR -> grants.read(Topics.REPAIR, Topics.MEMBERSHIP, Topics.REPLIES)
                    .write(Topics.MEMBERSHIP).writePrefixed(SHARD_TOPICS).groups("dsv-repair");
            case SHARD -> grants.read(Topics.shard(peer.id())).write(Topics.ACKS, Topics.REPLIES)
                    .groups("shard-" + peer.id());
            case OPERATOR -> throw new IllegalArgumentException("the operator uses the broker's administrator");
        }
        return grants.bindings;
    }

    private static final class Grants {
        private final String principal;
        private final List<AclBinding> bindings = new ArrayList<>();

        Grants(String user) {
            this.principal = "User:" + user;
        }

        Grants read(String... topics) {
            return allow(ResourceType.TOPIC, PatternType.LITERAL, AclOperation.READ, topics);
        }

        Grants write(String... topics) {
            return allow(ResourceType.TOPIC, PatternType.LITERAL, AclOperation.WRITE, topics);
        }

        Grants writePrefixed(String prefix) {
            return allow(ResourceType.TOPIC, PatternType.PREFIXED, AclOperation.WRITE, prefix);
        }

        Grants groups(String... groups) {
            return allow(ResourceType.GROUP, PatternType.LITERAL, AclOperation.READ, groups);
        }

        /** Gateways publish a batch's intents in one transaction, metadata its decisions: ids by prefix. */
        Grants transactions(String prefix) {
            return allow(ResourceType.TRANSACTIONAL_ID, PatternType.PREFIXED, AclOperation.WRITE, prefix);
        }

        private Grants allow(ResourceType type, PatternType pattern, AclOperation operation, String... names) {
            for (String name : names) {
                bindings.add(new AclBinding(new ResourcePattern(type, name, pattern),
                        new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
            }
            return this;
        }
    }
}
