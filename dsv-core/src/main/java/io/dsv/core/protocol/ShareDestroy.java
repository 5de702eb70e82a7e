package io.dsv.core.protocol;

import java.util.List;

/**
 * A delete committed: destroy this node's shares of exactly these transactions (the versions the
 * tombstone deleted), never any other of the key's (a create that follows the delete keeps its own),
 * and acknowledge with {@link ShareAck.Kind#DESTROYED} under {@code txId}, the delete's transaction.
 */
public record ShareDestroy(String txId, String namespace, String name, List<String> txIds) implements Message {
}
