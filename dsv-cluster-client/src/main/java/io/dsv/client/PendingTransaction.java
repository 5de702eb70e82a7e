package io.dsv.client;

import io.dsv.core.protocol.Applied;
import io.dsv.core.protocol.ShareAck;
import io.dsv.core.protocol.Vote;
import java.util.Set;
import java.util.function.Predicate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** What a coordinator waits for in one transaction: the vote, the shard acks, metadata's apply. */
public final class PendingTransaction {

    public final CompletableFuture<Vote> vote = new CompletableFuture<>();
    public final CompletableFuture<Applied> applied = new CompletableFuture<>();
    private final Set<String> acked = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> quorum = new CompletableFuture<>();
    private volatile Predicate<Set<String>> enough = acked -> false;
    private volatile ShareAck.Kind expectedKind = ShareAck.Kind.STORED;

    /** Arms the quorum wait: {@code required} distinct nodes acknowledging {@code kind}. */
    public void expect(ShareAck.Kind kind, int requiredAcks) {
        expect(kind, acked -> acked.size() >= requiredAcks);
    }

    /** Arms the quorum wait: done once the nodes that acknowledged {@code kind} satisfy {@code enough}. */
    public void expect(ShareAck.Kind kind, Predicate<Set<String>> enough) {
        this.expectedKind = kind;
        this.enough = enough;
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
        if (enough.test(Set.copyOf(acked))) {
            quorum.complete(null);
        }
    }
}
