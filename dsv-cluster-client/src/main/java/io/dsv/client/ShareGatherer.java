package io.dsv.client;

import io.dsv.core.domain.ErrorCode;
import io.dsv.core.domain.SecretId;
import io.dsv.core.protocol.Holder;
import io.dsv.core.protocol.VersionView;
import io.dsv.core.shamir.Share;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Asks every holder of a version for its share in parallel and hands back the first {@code k} that
 * open and match their commitments. A share that does not match is never used. The rest keep answering
 * in the background; when all have answered (or timed out) the {@code onAllAnswered} callback learns
 * which holders answered with a good share and which with a bad one, which is what read repair needs.
 */
public class ShareGatherer {

    private final ShareFetcher fetcher;
    private final ClusterProperties properties;
    private final ReplyKeys replyKeys = new ReplyKeys();

    public ShareGatherer(ShareFetcher fetcher, ClusterProperties properties) {
        this.fetcher = fetcher;
        this.properties = properties;
    }

    /** Who answered a read: with a share that matched its commitment, or with one that did not. */
    public record Answers(List<Holder> good, List<Holder> bad) {
    }

    /**
     * The first {@code k} verified shares of {@code version}, or 503 insufficient_shards. The caller
     * wipes them.
     *
     * @param onAllAnswered given who answered how, once every holder answered or timed out
     */
    public List<Share> gather(SecretId id, VersionView version, int k, Consumer<Answers> onAllAnswered) {
        List<Holder> holders = version.holders();
        KeyPair replyKey = replyKeys.current();                    // shares come back sealed to it
        BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
        List<Holder> good = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Holder> bad = java.util.Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (Holder holder : holders) {
            calls.add(fetcher.fetch(id, version.txId(), holder, version.commitment(holder.shareIndex()), replyKey)
                    .toCompletableFuture()
                    .whenComplete((share, failure) -> {
                        if (failure == null) {
                            good.add(holder);
                        } else if (unwrap(failure) instanceof ShareFetcher.BadShare) {
                            bad.add(holder);
                        }
                        answers.add(failure == null ? share : failure);
                    }));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
                .handle((ignored, failure) -> {
                    onAllAnswered.accept(new Answers(List.copyOf(good), List.copyOf(bad)));
                    return null;
                });
        List<Share> shares = new ArrayList<>(k);
        long deadline = System.nanoTime() + properties.readTimeout().toNanos() + TimeUnit.MILLISECONDS.toNanos(500);
        try {
            for (int taken = 0; taken < holders.size() && shares.size() < k; taken++) {
                Object answer = answers.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (answer == null) {
                    break;                                           // the rest did not answer in time
                }
                if (answer instanceof Share share) {
                    shares.add(share);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (shares.size() < k) {
            shares.forEach(Share::wipe);
            throw new ApiException(ErrorCode.INSUFFICIENT_SHARDS, "only " + shares.size() + " of the k=" + k
                    + " shares needed answered; try again later");
        }
        // Late answers are not used: wipe them as they arrive.
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).handle((ignored, failure) -> {
            answers.forEach(a -> {
                if (a instanceof Share s) {
                    s.wipe();
                }
            });
            return null;
        });
        return shares;
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
    }
}
