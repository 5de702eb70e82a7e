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
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;


/**
 * Reads {@code dsv.replies} and hands each reply to the transaction waiting for it. Partitions are
 * assigned, not subscribed: no consumer group, so no rebalance pause, and every gateway sees every
 * reply (it ignores those of other coordinators). Starts at the end of the log.
 */

public class ReplyRouter extends TopicFollower {

    private static final Logger log = LoggerFactory.getLogger(ReplyRouter.class);

    private final Map<String, PendingTransaction> pending = new ConcurrentHashMap<>();
    private final CountDownLatch positioned = new CountDownLatch(1);

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

    /** Waits until the router is positioned on the reply topic, at most {@code timeout}. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return positioned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void position(Consumer<String, byte[]> consumer, List<TopicPartition> partitions) {
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);          // fix the start now, not at the first poll
        positioned.countDown();
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
        if (message instanceof Vote vote) {
            tx.vote.complete(vote);
        } else if (message instanceof ShareAck ack) {
            tx.ack(ack);
        } else if (message instanceof Applied applied) {
            tx.applied.complete(applied);
        }
    }
}
