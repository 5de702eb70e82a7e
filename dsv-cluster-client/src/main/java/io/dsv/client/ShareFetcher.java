package io.dsv.client;

import io.dsv.core.domain.SecretId;
import io.dsv.core.protocol.Holder;
import io.dsv.core.seal.SealContext;
import io.dsv.core.seal.ShareSealer;
import io.dsv.core.shamir.Share;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.security.KeyPair;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;

import org.springframework.web.client.RestClient;

/**
 * Fetches one share from one holder, re-sealed by the node to the current {@link ReplyKeys reply key}, and opens it.
 * Each node has its own circuit breaker (a dead node stops costing a timeout per read) and every call
 * a time limit.
 */

public class ShareFetcher implements DisposableBean {

    private final ShardDirectory shards;
    private final CircuitBreakerRegistry breakers;
    private final TimeLimiter timeLimiter;
    private final RestClient http;
    private final HttpComponentsClientHttpRequestFactory factory;
    /** Remembers the agreement of each node's key with each reply key: a steady read makes none. */
    private final ShareSealer sealer = ShareSealer.caching(1_024);
    /** Carries the request's observation into the calls, so each share request is a span of the read's trace. */
    private final ExecutorService calls = ContextExecutorService.wrap(
            Executors.newCachedThreadPool(daemon("dsv-share-fetch")), ContextSnapshotFactory.builder().build());
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("dsv-share-timer"));

    public ShareFetcher(ShardDirectory shards, CircuitBreakerRegistry breakers, ClusterProperties properties,
                        RestClient.Builder builder) {
        this.shards = shards;
        this.breakers = breakers;
        this.timeLimiter = TimeLimiter.of(TimeLimiterConfig.custom().timeoutDuration(properties.readTimeout())
                .cancelRunningFuture(true).build());
        this.factory = PooledHttp.factory(properties.readTimeout());
        this.http = builder.clone().requestFactory(factory).build();
    }

    public CompletionStage<Share> fetch(SecretId id, String txId, Holder holder, KeyPair replyKey) {
        CircuitBreaker breaker = breakers.circuitBreaker("shard-" + holder.nodeId());
        return breaker.executeCompletionStage(() -> timeLimiter.executeCompletionStage(timer,
                () -> CompletableFuture.supplyAsync(() -> fetchNow(id, txId, holder, replyKey), calls)));
    }

    private Share fetchNow(SecretId id, String txId, Holder holder, KeyPair replyKey) {
        String replyKeyText = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(io.dsv.core.seal.X25519Keys.rawPublicKey(replyKey.getPublic()));
        SealedShareView view = http.get()
                .uri(shards.url(holder.nodeId()) + "/internal/shares/{namespace}/{name}/{txId}?replyKey={key}",
                        id.namespace(), id.name(), txId, replyKeyText)
                .retrieve()
                .body(SealedShareView.class);
        if (view == null) {
            throw new IllegalStateException("empty answer from " + holder.nodeId());
        }
        // Opening under the expected index and node fails unless this is exactly the share metadata recorded,
        // and sealed by that node's own key.
        SealContext context = new SealContext(id.namespace(), id.name(), "reply:" + txId, holder.shareIndex(), holder.nodeId());
        byte[] share = sealer.openReply(Base64.getDecoder().decode(view.sealed()), replyKey,
                shards.publicKey(holder.nodeId()), context);
        return new Share(holder.shareIndex(), share);
    }

    @Override
    public void destroy() throws Exception {
        factory.destroy();
        calls.shutdownNow();
        timer.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    record SealedShareView(String nodeId, int shareIndex, String sealed) {
    }
}
