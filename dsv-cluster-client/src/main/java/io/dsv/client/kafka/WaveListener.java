package io.dsv.client.kafka;

import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * What a batch listener that must keep each key's order hands its polled records to: they are
 * applied in {@link CommandWaves waves} (distinct keys in parallel), each under its own consumer
 * observation that continues the trace in the record's headers (Spring Kafka observes only record
 * listeners), and a failure becomes the {@link BatchListenerFailedException} that tells the error
 * handler where to resume. Close it with the listener.
 */
public final class WaveListener implements AutoCloseable {

    private final String name;
    private final ObservationRegistry observations;
    private final ExecutorService workers;
    private final CommandWaves<ConsumerRecord<String, byte[]>> waves;

    public WaveListener(String name, int parallelism, ObservationRegistry observations) {
        this.name = name;
        this.observations = observations;
        this.workers = Executors.newFixedThreadPool(parallelism, runnable -> {
            Thread thread = new Thread(runnable, name + "-apply");
            thread.setDaemon(true);
            return thread;
        });
        this.waves = new CommandWaves<>(workers, parallelism);
    }

    public void apply(List<ConsumerRecord<String, byte[]>> records, Consumer<byte[]> action) {
        try {
            waves.apply(records, ConsumerRecord::key, record -> observed(record, action));
        } catch (CommandWaves.Failed failed) {
            // the error handler commits what came before, then retries from here or skips it (never-retried causes)
            throw new BatchListenerFailedException(name + " failed on a record", failed.getCause(), failed.index);
        }
    }

    private void observed(ConsumerRecord<String, byte[]> record, Consumer<byte[]> action) {
        RecordObservations.observe(record, name, observations, () -> {
            action.accept(record.value());
            return null;
        });
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
