package io.dsv.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.google.common.util.concurrent.Futures;
import io.dsv.client.rpc.InternalPlane;
import io.dsv.core.domain.SecretId;
import io.dsv.core.protocol.Holder;
import io.dsv.core.seal.X25519Keys;
import io.dsv.core.shamir.Share;
import io.dsv.rpc.v1.SealedShare;
import io.dsv.rpc.v1.ShardGrpc;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.grpc.Status;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A share fetch asks again once when the node's channel answers UNAVAILABLE (a restarted node), and only then. */
class ShareFetcherTest {

    private final ShardDirectory shards = mock(ShardDirectory.class);
    private final InternalPlane plane = mock(InternalPlane.class);
    private final ShardGrpc.ShardFutureStub stub = mock(ShardGrpc.ShardFutureStub.class);
    private final ShareFetcher fetcher = new ShareFetcher(shards, CircuitBreakerRegistry.ofDefaults(), plane);
    private final Holder holder = new Holder("shard-1", 1);

    ShareFetcherTest() {
        when(shards.address("shard-1")).thenReturn("127.0.0.1:1");
        when(plane.shardAsync("shard-1", "127.0.0.1:1")).thenReturn(stub);
    }

    @AfterEach
    void stop() {
        fetcher.destroy();
    }

    private Throwable failureOf(CompletableFuture<Share> fetch) throws Exception {
        try {
            fetch.get(5, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    private CompletableFuture<Share> fetch() {
        return fetcher.fetch(new SecretId("ns", "k"), "tx-1", holder, new byte[32], X25519Keys.generate())
                .toCompletableFuture();
    }

    @Test
    void anUnavailableChannelIsAskedOnceMoreAndItsSecondAnswerCounts() throws Exception {
        when(stub.fetchShare(any())).thenReturn(Futures.immediateFailedFuture(Status.UNAVAILABLE.asRuntimeException()),
                Futures.immediateFuture(SealedShare.newBuilder().setFound(false).build()));
        Throwable failure = failureOf(fetch());
        assertThat(failure).as("the second answer: the node has no such share").isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has no share");
        verify(stub, times(2)).fetchShare(any());
    }

    @Test
    void twiceUnavailableFailsAndOtherFailuresAreNotAskedAgain() throws Exception {
        when(stub.fetchShare(any())).thenReturn(Futures.immediateFailedFuture(Status.UNAVAILABLE.asRuntimeException()));
        assertThat(Status.fromThrowable(failureOf(fetch())).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        verify(stub, times(2)).fetchShare(any());

        when(stub.fetchShare(any())).thenReturn(Futures.immediateFailedFuture(Status.DEADLINE_EXCEEDED.asRuntimeException()));
        assertThat(Status.fromThrowable(failureOf(fetch())).getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
        verify(stub, times(3)).fetchShare(any());
    }
}
