package io.dsv.client;

import io.dsv.core.protocol.Destroyed;
import io.dsv.core.protocol.ShareAck;
import io.dsv.core.protocol.TxOutcome;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a waiter hears about one transaction on {@code dsv.replies}: a coordinator the outcome metadata
 * applied and, for a delete, that enough holders destroyed; repair-service the acks of the shares it
 * rebuilt.
 */
public final class PendingTransaction {

    public final CompletableFuture<TxOutcome> outcome = new CompletableFuture<>();
    public final CompletableFuture<Destroyed> destroyed = new CompletableFuture<>();
    private final Set<String> acked = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> quorum = new CompletableFuture<>();
    private volatile int required = Integer.MAX_VALUE;
    private volatile ShareAck.Kind expectedKind = ShareAck.Kind.STORED;

    /** Arms the ack wait: {@code required} distinct nodes acknowledging {@code kind}. */
    public void expect(ShareAck.Kind kind, int requiredAcks) {
        this.expectedKind = kind;
        this.required = requiredAcks;
        check();
    }

    void ack(ShareAck ack) {
        if (ack.kind() == expectedKind) {
            acked.add(ack.nodeId());
            check();
        }
    }

    public CompletableFuture<Void> quorum() {
        return quorum;
    }

    public int ackCount() {
        return acked.size();
    }

    private void check() {
        if (acked.size() >= required) {
            quorum.complete(null);
        }
    }
}
