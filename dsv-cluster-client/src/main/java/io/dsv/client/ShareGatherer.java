package io.dsv.client;

import io.dsv.core.domain.ErrorCode;
import io.dsv.core.domain.SecretId;
import io.dsv.core.protocol.Holder;
import io.dsv.core.protocol.VersionView;
import io.dsv.core.shamir.Share;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.springframework.beans.factory.DisposableBean;

/**
 * Gathers {@code k} verified shares of a version (design §5.2): asks {@code k} holders, starting at a
 * random one so that reads spread over the nodes; asks one more after {@code dsv.cluster.hedge-delay}
 * if they are not all in by then, and the next holder at once whenever one answers without a share
 * that matches its commitment. A share that does not match is never used. When every holder asked has
 * answered (or timed out), {@code onAllAnswered} learns who answered with a good share, who with a bad
 * one and who without one: what read repair needs. Holders that were not asked are in none of them.
 */
public class ShareGatherer implements DisposableBean {

    private final ShareFetcher fetcher;
    private final ClusterProperties properties;
    private final RotatingKeyPair replyKeys = new RotatingKeyPair();
    /** Fires hedges; a read that completes first cancels its own. */
    private final ScheduledThreadPoolExecutor hedges = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "dsv-read-hedge");
        thread.setDaemon(true);
        return thread;
    });

    public ShareGatherer(ShareFetcher fetcher, ClusterProperties properties) {
        this.fetcher = fetcher;
        this.properties = properties;
        hedges.setRemoveOnCancelPolicy(true);
    }

    /**
     * Who answered a read: with a share that matched its commitment, with one that did not, or without
     * one (not held, an error, no answer in time). Only holders that were asked appear.
     */
    public record Answers(List<Holder> good, List<Holder> bad, List<Holder> missing) {
    }

    /**
     * The first {@code k} verified shares of {@code version} from as few holders as it takes (a read),
     * or 503 insufficient_shards. The caller wipes them.
     *
     * @param onAllAnswered given who answered how, once every holder asked answered or timed out
     */
    public List<Share> gather(SecretId id, VersionView version, int k, Consumer<Answers> onAllAnswered) {
        return gather(id, version, k, k, onAllAnswered);
    }

    /**
     * As {@link #gather(SecretId, VersionView, int, Consumer)}, but asks every holder at once: repair,
     * which must learn whether each holder it was told about answers well.
     */
    public List<Share> gatherFromAll(SecretId id, VersionView version, int k, Consumer<Answers> onAllAnswered) {
        return gather(id, version, k, version.holders().size(), onAllAnswered);
    }

    private List<Share> gather(SecretId id, VersionView version, int k, int askFirst, Consumer<Answers> onAllAnswered) {
        List<Holder> holders = rotated(version.holders());
        Gathering gathering = new Gathering(id, version, holders, k, replyKeys.current(), onAllAnswered);
        gathering.askMore(Math.min(askFirst, holders.size()));
        ScheduledFuture<?> hedge = holders.size() > askFirst
                ? hedges.schedule(() -> gathering.askMore(1), properties.hedgeDelay().toNanos(), TimeUnit.NANOSECONDS)
                : null;
        long timeout = properties.readTimeout().toNanos() + TimeUnit.MILLISECONDS.toNanos(500);
        try {
            return gathering.result.get(timeout, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // fewer than k: answered below
        } finally {
            if (hedge != null) {
                hedge.cancel(false);
            }
        }
        int taken = gathering.abandon();
        throw new ApiException(ErrorCode.INSUFFICIENT_SHARDS, "only " + taken + " of the k=" + k
                + " shares needed answered; try again later");
    }

    /** The holders in their order, starting at a random one. */
    private static List<Holder> rotated(List<Holder> holders) {
        if (holders.size() < 2) {
            return holders;
        }
        int start = ThreadLocalRandom.current().nextInt(holders.size());
        List<Holder> order = new ArrayList<>(holders.size());
        order.addAll(holders.subList(start, holders.size()));
        order.addAll(holders.subList(0, start));
        return order;
    }

    /** One read's gathering: every field guarded by {@code this}. */
    private final class Gathering {

        private final SecretId id;
        private final VersionView version;
        private final List<Holder> holders;
        private final int k;
        private final KeyPair replyKey;
        private final Consumer<Answers> onAllAnswered;
        private final List<Share> shares = new ArrayList<>();
        private final List<Holder> good = new ArrayList<>();
        private final List<Holder> bad = new ArrayList<>();
        private final List<Holder> missing = new ArrayList<>();
        final CompletableFuture<List<Share>> result = new CompletableFuture<>();
        private int asked;
        private int answered;
        /** The read has its k shares or gave up: late shares are wiped, not kept. */
        private boolean closed;

        Gathering(SecretId id, VersionView version, List<Holder> holders, int k, KeyPair replyKey,
                  Consumer<Answers> onAllAnswered) {
            this.id = id;
            this.version = version;
            this.holders = holders;
            this.k = k;
            this.replyKey = replyKey;
            this.onAllAnswered = onAllAnswered;
        }

        /** Asks up to {@code count} holders not asked yet, unless the read is already over. */
        void askMore(int count) {
            List<Holder> next = new ArrayList<>(count);
            synchronized (this) {
                while (!closed && next.size() < count && asked < holders.size()) {
                    next.add(holders.get(asked++));
                }
            }
            for (Holder holder : next) {
                fetcher.fetch(id, version.txId(), holder, version.commitment(holder.shareIndex()), replyKey)
                        .whenComplete((share, failure) -> answered(holder, share, failure));
            }
        }

        private void answered(Holder holder, Share share, Throwable failure) {
            boolean askAnother = false;
            boolean allAnswered;
            synchronized (this) {
                answered++;
                if (failure == null) {
                    good.add(holder);
                    if (closed) {
                        share.wipe();
                    } else {
                        shares.add(share);
                        if (shares.size() == k) {
                            closed = true;
                            result.complete(List.copyOf(shares));
                        }
                    }
                } else {
                    (unwrap(failure) instanceof ShareFetcher.BadShare ? bad : missing).add(holder);
                    if (!closed) {
                        if (asked < holders.size()) {
                            askAnother = true;
                        } else if (answered == asked) {
                            closed = true;                       // nobody left to ask: fewer than k
                            result.completeExceptionally(new IllegalStateException("fewer than k shares"));
                        }
                    }
                }
                allAnswered = answered == asked && (closed || asked == holders.size());
            }
            if (askAnother) {
                askMore(1);
            }
            if (allAnswered) {
                onAllAnswered.accept(answers());
            }
        }

        /** The read gave up waiting: no more holders are asked; shares taken so far are wiped. */
        int abandon() {
            int taken;
            boolean allAnswered;
            synchronized (this) {
                allAnswered = !closed && answered == asked;      // else the last answer tells, or told
                closed = true;
                shares.forEach(Share::wipe);
                taken = shares.size();
            }
            if (allAnswered) {
                onAllAnswered.accept(answers());
            }
            return taken;
        }

        private synchronized Answers answers() {
            return new Answers(List.copyOf(good), List.copyOf(bad), List.copyOf(missing));
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
    }

    @Override
    public void destroy() {
        hedges.shutdownNow();
    }
}
