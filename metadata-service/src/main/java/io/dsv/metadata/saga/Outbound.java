package io.dsv.metadata.saga;

import io.dsv.core.protocol.Message;
import io.dsv.core.protocol.Topics;

/**
 * What applying one record of {@code dsv.tx} sends on: a reply to the coordinator, or a command to a
 * shard node that follows from a decision (release an aborted transaction's shares, destroy a deleted
 * secret's). Only decisions metadata applied produce shard commands: nobody acts on a belief.
 */
public record Outbound(String topic, String key, Message message) {

    public static Outbound reply(Message message) {
        return new Outbound(Topics.REPLIES, message.txId(), message);
    }

    public static Outbound toShard(String nodeId, String key, Message command) {
        return new Outbound(Topics.shard(nodeId), key, command);
    }
}
