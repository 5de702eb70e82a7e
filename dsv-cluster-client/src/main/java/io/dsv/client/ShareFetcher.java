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
import io.dsv.core.shamir.Share;
import io.dsv.rpc.v1.FetchShareRequest;
import io.dsv.rpc.v1.SealedShare;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;
import java.security.KeyPair;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.DisposableBean;

/**
 * Fetches one share from one holder over the internal plane, re-sealed by the node to the current
 * {@link ReplyKeys reply key}, and opens it. Each node has its own circuit breaker (a dead node stops
 * costing a deadline per read), every call a deadline, and the share is opened only if the node that
 * holds it sealed it, for this key, transaction and x-coordinate.
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

    public CompletionStage<Share> fetch(SecretId id, String txId, Holder holder, KeyPair replyKey) {
        CircuitBreaker breaker = breakers.circuitBreaker("shard-" + holder.nodeId());
        return breaker.executeCompletionStage(() -> {
            CompletableFuture<Share> share = new CompletableFuture<>();
            FetchShareRequest request = FetchShareRequest.newBuilder().setKey(Protos.key(id.namespace(), id.name()))
                    .setTxId(txId).setReplyKey(ByteString.copyFrom(X25519Keys.rawPublicKey(replyKey.getPublic()))).build();
            Futures.addCallback(plane.shardAsync(holder.nodeId(), shards.address(holder.nodeId())).fetchShare(request),
                    new FutureCallback<>() {
                        @Override
                        public void onSuccess(SealedShare sealed) {
                            try {
                                share.complete(open(id, txId, holder, replyKey, sealed));
                            } catch (RuntimeException e) {
                                share.completeExceptionally(e);
                            }
                        }

                        @Override
                        public void onFailure(Throwable failure) {
                            share.completeExceptionally(failure);
                        }
                    }, openers);
            return share;
        });
    }

    /**
     * Opening under the expected index and node fails unless this is exactly the share metadata recorded,
     * sealed by that node's own key.
     */
    private Share open(SecretId id, String txId, Holder holder, KeyPair replyKey, SealedShare sealed) {
        if (!sealed.getFound()) {
            throw new IllegalStateException(holder.nodeId() + " has no share of " + txId);
        }
        SealContext context = new SealContext(id.namespace(), id.name(), "reply:" + txId, holder.shareIndex(), holder.nodeId());
        byte[] y = sealer.openReply(sealed.getSealed().toByteArray(), replyKey, shards.publicKey(holder.nodeId()), context);
        return new Share(holder.shareIndex(), y);
    }

    @Override
    public void destroy() {
        openers.shutdownNow();
    }
}
