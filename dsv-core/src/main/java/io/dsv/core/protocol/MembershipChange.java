package io.dsv.core.protocol;

import java.util.List;

/**
 * On {@code dsv.membership} (one partition, kept compacted): the shard nodes the ring is made of from
 * {@code epoch} on. Every gateway and repair-service follows the newest epoch; repair-service then
 * moves the shares whose preference list changed.
 */
public record MembershipChange(String txId, long epoch, List<Member> members) implements Message {

    /** A shard node: its id, where its internal plane listens (host:port), its weight on the ring. */
    public record Member(String nodeId, String address, int weight) {
    }
}
