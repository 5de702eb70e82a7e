package io.dsv.client;

import io.dsv.core.protocol.MembershipChange;
import io.dsv.core.protocol.Message;
import io.dsv.core.protocol.MessageCodec;
import io.dsv.core.protocol.Topics;
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
 * Follows {@code dsv.membership} from its beginning and hands every membership to the
 * {@link ShardDirectory}, which keeps the newest: so a service that starts late still builds the
 * ring everyone else uses.
 */
public class MembershipFollower implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MembershipFollower.class);

    private final ConsumerFactory<String, byte[]> consumers;
    private final ShardDirectory directory;
    private volatile Consumer<String, byte[]> consumer;
    private volatile boolean running;
    private Thread thread;

    public MembershipFollower(ConsumerFactory<String, byte[]> consumers, ShardDirectory directory) {
        this.consumers = consumers;
        this.directory = directory;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "dsv-membership");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            try (Consumer<String, byte[]> c = consumers.createConsumer(null, "-membership")) {
                consumer = c;
                List<TopicPartition> partitions = c.partitionsFor(Topics.MEMBERSHIP, Duration.ofSeconds(10)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                c.assign(partitions);
                c.seekToBeginning(partitions);
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(500))) {
                        Message message = MessageCodec.decode(record.value());
                        if (message instanceof MembershipChange change && directory.apply(change)) {
                            log.info("Ring membership epoch {}: {} nodes", change.epoch(), change.members().size());
                        }
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("Membership follower lost its topic ({}); reconnecting", e.getClass().getSimpleName());
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
