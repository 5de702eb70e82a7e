package io.dsv.client;

import io.dsv.core.protocol.Applied;
import io.dsv.core.protocol.Message;
import io.dsv.core.protocol.MessageCodec;
import io.dsv.core.protocol.ShareAck;
import io.dsv.core.protocol.Topics;
import io.dsv.core.protocol.Vote;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;


/**
 * Reads {@code dsv.replies} and hands each reply to the transaction waiting for it. Partitions are
 * assigned, not subscribed: no consumer group, so no rebalance pause, and every gateway sees every
 * reply (it ignores those of other coordinators). Starts at the end of the log.
 */

public class ReplyRouter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReplyRouter.class);

    private final ConsumerFactory<String, byte[]> consumers;
    private final Map<String, PendingTransaction> pending = new ConcurrentHashMap<>();
    private volatile Consumer<String, byte[]> consumer;
    private volatile Thread thread;
    private volatile boolean running;
    private final CountDownLatch positioned = new CountDownLatch(1);

    public ReplyRouter(ConsumerFactory<String, byte[]> consumers) {
        this.consumers = consumers;
    }

    public PendingTransaction register(String txId) {
        PendingTransaction tx = new PendingTransaction();
        pending.put(txId, tx);
        return tx;
    }

    public void forget(String txId) {
        pending.remove(txId);
    }

    /** True once the router reads the reply topic from a fixed position: replies from then on arrive. */
    public boolean ready() {
        return positioned.getCount() == 0;
    }

    @Override
    public void start() {
        running = true;
        Thread t = new Thread(this::run, "dsv-reply-router");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void run() {
        while (running) {
            try (Consumer<String, byte[]> c = consumers.createConsumer(null, "-replies")) {
                consumer = c;
                List<TopicPartition> partitions = c.partitionsFor(Topics.REPLIES, Duration.ofSeconds(10)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                c.assign(partitions);
                c.seekToEnd(partitions);
                partitions.forEach(c::position);          // fix the start now, not at the first poll
                positioned.countDown();
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(500))) {
                        route(record.value());
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("Reply router lost the reply topic ({}); reconnecting", e.getClass().getSimpleName());
                    sleep(1_000);
                }
            }
        }
    }

    private void route(byte[] payload) {
        Message message;
        try {
            message = MessageCodec.decode(payload);
        } catch (MessageCodec.MalformedMessageException e) {
            log.warn("Skipping a malformed reply: {}", e.getMessage());
            return;
        }
        PendingTransaction tx = pending.get(message.txId());
        if (tx == null) {
            return;                                       // another gateway's transaction, or one given up
        }
        if (message instanceof Vote vote) {
            tx.vote.complete(vote);
        } else if (message instanceof ShareAck ack) {
            tx.ack(ack);
        } else if (message instanceof Applied applied) {
            tx.applied.complete(applied);
        }
    }

    /** Waits until the router is positioned on the reply topic, at most {@code timeout}. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return positioned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        Consumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
