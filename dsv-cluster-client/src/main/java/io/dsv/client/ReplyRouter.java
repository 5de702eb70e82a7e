package io.dsv.client;

import io.dsv.core.protocol.Destroyed;
import io.dsv.core.protocol.Message;
import io.dsv.core.protocol.MessageCodec;
import io.dsv.core.protocol.ShareAck;
import io.dsv.core.protocol.Topics;
import io.dsv.core.protocol.TxOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;


/**
 * Reads {@code dsv.replies} and hands each reply to the transaction waiting for it. Partitions are
 * assigned, not subscribed: no consumer group, so no rebalance pause, and every gateway sees every
 * reply (it ignores those of other coordinators). Starts at the end of the log; after losing the broker
 * it goes on from where it was, so the replies written meanwhile still reach their waiters.
 */

public class ReplyRouter extends TopicFollower {

    private static final Logger log = LoggerFactory.getLogger(ReplyRouter.class);

    private final Map<String, PendingTransaction> pending = new ConcurrentHashMap<>();
    private final CountDownLatch positioned = new CountDownLatch(1);
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();

    public ReplyRouter(ConsumerFactory<String, byte[]> consumers) {
        super(consumers, Topics.REPLIES);
    }

    public PendingTransaction register(String txId) {
        PendingTransaction tx = new PendingTransaction();
        pending.put(txId, tx);
        return tx;
    }

    public void forget(String txId) {
        pending.remove(txId);
    }

    public boolean positioned() {
        return positioned.getCount() == 0;
    }

    /** Waits until the router is positioned on the reply topic, at most {@code timeout}. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return positioned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void position(Consumer<String, byte[]> consumer, List<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            Long resume = positions.get(partition);
            if (resume != null) {
                consumer.seek(partition, resume);
            } else {
                consumer.seekToEnd(List.of(partition));
            }
            positions.put(partition, consumer.position(partition));  // fix the start now, not at the first poll
        }
        positioned.countDown();
    }

    @Override
    protected void polled(Consumer<String, byte[]> consumer, List<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            positions.put(partition, consumer.position(partition));
        }
    }

    @Override
    protected void handle(byte[] payload) {
        Message message;
        try {
            message = MessageCodec.decode(payload);
        } catch (MessageCodec.MalformedMessageException e) {
            log.warn("Skipping a malformed reply: {}", e.getMessage());
            return;
        }
        PendingTransaction tx = pending.get(message.txId());
        if (tx == null) {
            return;                                       // another coordinator's transaction, or one given up
        }
        if (message instanceof TxOutcome outcome) {
            tx.outcome.complete(outcome);
        } else if (message instanceof Destroyed destroyed) {
            tx.destroyed.complete(destroyed);
        } else if (message instanceof ShareAck ack) {
            tx.ack(ack);
        }
    }
}
