package io.dsv.client;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.protobuf.ByteString;
import io.dsv.client.rpc.InternalPlane;
import io.dsv.client.rpc.Protos;
import io.dsv.core.domain.SecretId;
import io.dsv.core.protocol.Holder;
import io.dsv.core.seal.SealContext;
import io.dsv.core.seal.ShareSealer;
import io.dsv.core.seal.X25519Keys;
import io.dsv.core.shamir.SaltedShare;
import io.dsv.core.shamir.Share;
import io.dsv.rpc.v1.FetchShareRequest;
import io.dsv.rpc.v1.SealedShare;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.DisposableBean;

/**
 * Fetches one share from one holder over the internal plane, re-sealed by the node to the current
 * {@link RotatingKeyPair reply key}, and opens it. Each node has its own circuit breaker (a dead node stops
 * costing a deadline per read), every call a deadline, and the share is opened only if the node that
 * holds it sealed it, for this key, transaction and x-coordinate, and used only if it matches the
 * commitment metadata recorded when it was written (design §5.3).
 */
public class ShareFetcher implements DisposableBean {

    private final ShardDirectory shards;
    private final CircuitBreakerRegistry breakers;
    private final InternalPlane plane;
    /** Remembers the agreement of each node's key with each reply key: a steady read makes none. */
    private final ShareSealer sealer = ShareSealer.caching(1_024);
    /** Opens replies off the transport's threads, carrying the read's observation into them. */
    private final ExecutorService openers = ContextExecutorService.wrap(
            Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "dsv-share-open");
                thread.setDaemon(true);
                return thread;
            }), ContextSnapshotFactory.builder().build());

    public ShareFetcher(ShardDirectory shards, CircuitBreakerRegistry breakers, InternalPlane plane) {
        this.shards = shards;
        this.breakers = breakers;
        this.plane = plane;
    }

    /**
     * The holder's share of {@code txId}, opened and checked against {@code commitment}; fails with
     * {@link BadShare} when it does not match (or no commitment was recorded to check it against).
     */
    public CompletionStage<Share> fetch(SecretId id, String txId, Holder holder, byte[] commitment, KeyPair replyKey) {
        CircuitBreaker breaker = breakers.circuitBreaker("shard-" + holder.nodeId());
        return breaker.executeCompletionStage(() -> {
            CompletableFuture<Share> share = new CompletableFuture<>();
            FetchShareRequest request = FetchShareRequest.newBuilder().setKey(Protos.key(id.namespace(), id.name()))
                    .setTxId(txId).setReplyKey(ByteString.copyFrom(X25519Keys.rawPublicKey(replyKey.getPublic()))).build();
            call(id, txId, holder, commitment, replyKey, request, share, true);
            return share;
        });
    }

    /**
     * One call; an UNAVAILABLE answer is asked once more at once. A channel to a node that restarted
     * answers UNAVAILABLE on its first call and redials ({@code RedialOnUnavailable}): without the second
     * call a read right after a node's restart would miss a share the node holds. A node that is really
     * down refuses the second call just as fast.
     */
    private void call(SecretId id, String txId, Holder holder, byte[] commitment, KeyPair replyKey, FetchShareRequest request,
                      CompletableFuture<Share> share, boolean mayRetry) {
        Futures.addCallback(plane.shardAsync(holder.nodeId(), shards.address(holder.nodeId())).fetchShare(request),
                new FutureCallback<>() {
                    @Override
                    public void onSuccess(SealedShare sealed) {
                        try {
                            share.complete(open(id, txId, holder, commitment, replyKey, sealed));
                        } catch (RuntimeException e) {
                            share.completeExceptionally(e);
                        }
                    }

                    @Override
                    public void onFailure(Throwable failure) {
                        if (mayRetry && io.grpc.Status.fromThrowable(failure).getCode() == io.grpc.Status.Code.UNAVAILABLE) {
                            call(id, txId, holder, commitment, replyKey, request, share, false);
                        } else {
                            share.completeExceptionally(failure);
                        }
                    }
                }, openers);
    }

    /**
     * Opening under the expected index and node fails unless the node that holds the share sealed it
     * for this key, transaction and x-coordinate; the share is used only if it is also the one whose
     * commitment metadata recorded: a node can seal anything, so only the commitment says it is right.
     */
    private Share open(SecretId id, String txId, Holder holder, byte[] commitment, KeyPair replyKey, SealedShare sealed) {
        if (!sealed.getFound()) {
            throw new IllegalStateException(holder.nodeId() + " has no share of " + txId);
        }
        SealContext context = new SealContext(id.namespace(), id.name(), "reply:" + txId, holder.shareIndex(), holder.nodeId());
        byte[] payload = sealer.openReply(sealed.getSealed().toByteArray(), replyKey, shards.publicKey(holder.nodeId()), context);
        return verified(holder, txId, payload, commitment);
    }

    /**
     * The share in an opened payload if it matches {@code commitment}; the payload is wiped either way.
     *
     * @throws BadShare when it does not match, is malformed, or there is no commitment to check it against
     */
    static Share verified(Holder holder, String txId, byte[] payload, byte[] commitment) {
        SaltedShare salted;
        try {
            salted = SaltedShare.fromPayload(holder.shareIndex(), payload);
        } catch (IllegalArgumentException e) {
            throw new BadShare(holder, txId);
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
        if (!salted.matches(commitment)) {
            salted.wipe();
            throw new BadShare(holder, txId);
        }
        Arrays.fill(salted.salt(), (byte) 0);
        return salted.share();
    }

    /** A holder answered with a share that is not the one committed to: never used, and worth repairing. */
    public static final class BadShare extends RuntimeException {

        private final transient Holder holder;

        BadShare(Holder holder, String txId) {
            super("share " + holder.shareIndex() + " of " + txId + " from " + holder.nodeId()
                    + " does not match its commitment", null, false, false);
            this.holder = holder;
        }

        public Holder holder() {
            return holder;
        }
    }

    @Override
    public void destroy() {
        openers.shutdownNow();
    }
}
