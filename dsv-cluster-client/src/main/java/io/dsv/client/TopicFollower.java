package io.dsv.client;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * Reads every partition of one topic on its own thread, with assigned partitions rather than a
 * consumer group: no rebalance pauses, and every instance sees every record. Reconnects when the
 * broker goes away. Subclasses choose where to start and what to do with each record.
 */
public abstract class TopicFollower implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);

    private final ConsumerFactory<String, byte[]> consumers;
    private final String topic;
    private volatile Consumer<String, byte[]> consumer;
    private volatile boolean running;
    private Thread thread;

    protected TopicFollower(ConsumerFactory<String, byte[]> consumers, String topic) {
        this.consumers = consumers;
        this.topic = topic;
    }

    /** Sets the start position once partitions are assigned. */
    protected abstract void position(Consumer<String, byte[]> consumer, List<TopicPartition> partitions);

    protected abstract void handle(byte[] value);

    /** After each poll's records were handled: where the consumer stands now (for resuming after a reconnect). */
    protected void polled(Consumer<String, byte[]> consumer, List<TopicPartition> partitions) {
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "dsv-follow-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            try (Consumer<String, byte[]> c = consumers.createConsumer(null, "-" + topic)) {
                consumer = c;
                List<TopicPartition> partitions = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                c.assign(partitions);
                position(c, partitions);
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(500))) {
                        handle(record.value());
                    }
                    polled(c, partitions);
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("Lost topic {} ({}); reconnecting", topic, e.getClass().getSimpleName());
                    try {
                        Thread.sleep(1_000);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        Consumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
