package io.dsv.client.kafka;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Applies a polled batch of commands in waves: a wave is a run of consecutive commands for distinct
 * keys, applied in parallel; the next wave starts when the whole wave is done. A key's commands so
 * keep their log order (a key never appears twice in a wave) while different keys' Cassandra round
 * trips overlap. A wave stops at the first failure; what follows is not applied.
 */
public final class CommandWaves<T> {

    private final ExecutorService workers;
    private final int maxWave;

    public CommandWaves(ExecutorService workers, int maxWave) {
        if (maxWave < 1) {
            throw new IllegalArgumentException("a wave holds at least one command, got " + maxWave);
        }
        this.workers = workers;
        this.maxWave = maxWave;
    }

    /** Where each wave ends (exclusive), for commands keyed by {@code keyOf}; a null key is its own key. */
    List<Integer> waveEnds(List<T> commands, Function<T, String> keyOf) {
        List<Integer> ends = new ArrayList<>();
        int start = 0;
        while (start < commands.size()) {
            Set<String> keys = new HashSet<>();
            int end = start;
            while (end < commands.size() && end - start < maxWave) {
                String key = keyOf.apply(commands.get(end));
                if (key != null && !keys.add(key)) {
                    break;
                }
                end++;
            }
            ends.add(end);
            start = end;
        }
        return ends;
    }

    /**
     * Applies every command, wave by wave. Throws {@link Failed} naming the lowest index that failed
     * in the first wave with a failure; every command before that index was applied.
     */
    public void apply(List<T> commands, Function<T, String> keyOf, Consumer<T> action) throws Failed {
        int start = 0;
        for (int end : waveEnds(commands, keyOf)) {
            List<Future<?>> running = new ArrayList<>(end - start);
            for (int i = start; i < end; i++) {
                T command = commands.get(i);
                running.add(end - start == 1 ? null : workers.submit(() -> action.accept(command)));
            }
            Failed first = null;
            for (int i = start; i < end; i++) {
                try {
                    if (running.get(i - start) == null) {
                        action.accept(commands.get(i));           // a wave of one runs on the caller
                    } else {
                        running.get(i - start).get();
                    }
                } catch (ExecutionException e) {
                    first = first == null ? new Failed(i, e.getCause()) : first;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    first = first == null ? new Failed(i, e) : first;
                } catch (RuntimeException e) {
                    first = first == null ? new Failed(i, e) : first;
                }
            }
            if (first != null) {
                throw first;
            }
            start = end;
        }
    }

    /** The lowest index of a wave that failed, and why. */
    public static final class Failed extends Exception {
        public final int index;

        Failed(int index, Throwable cause) {
            super("command " + index + " of the batch failed", cause);
            this.index = index;
        }
    }
}
