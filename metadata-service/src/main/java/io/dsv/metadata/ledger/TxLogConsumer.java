package io.dsv.metadata.ledger;

import io.dsv.client.kafka.RecordObservations;
import io.dsv.core.protocol.Message;
import io.dsv.core.protocol.MessageCodec;
import io.dsv.core.protocol.Prepared;
import io.dsv.core.protocol.ShareAck;
import io.dsv.core.protocol.Topics;
import io.dsv.core.protocol.TxDecision;
import io.dsv.core.protocol.TxIntent;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * One member of metadata's consumer group over {@code dsv.tx} and {@code dsv.tx.acks}. The range
 * assignor gives a member the same partition numbers of both topics, so a key's intents, decisions and
 * acks all reach the one {@link PartitionLedger} that owns it. On assignment a ledger starts empty and
 * replays from the committed offsets; it answers look-ups and decides once it reached the end offsets
 * read at assignment. Offsets are committed only as far as each ledger allows (never past an undecided
 * intent or its acks), and only after the sends a record caused were acknowledged; a record that fails
 * (Cassandra away) is read again from the same offset after a pause, as is one whose sends failed.
 */
final class TxLogConsumer implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(TxLogConsumer.class);
    static final String GROUP = "dsv-metadata";
    private static final long TICK_MILLIS = 100;

    private final String name;
    private final ConsumerFactory<String, byte[]> factory;
    private final Ledgers ledgers;
    private final IntFunction<PartitionLedger> newLedger;
    private final EffectSender sender;
    private final ObservationRegistry observations;
    private final Map<Integer, Owned> owned = new HashMap<>();
    private final ConcurrentLinkedQueue<List<String>> lost = new ConcurrentLinkedQueue<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private volatile boolean running = true;
    private volatile Consumer<String, byte[]> consumer;
    private long lastTick;
    private long backoff;

    TxLogConsumer(String name, ConsumerFactory<String, byte[]> factory, Ledgers ledgers,
                  IntFunction<PartitionLedger> newLedger, EffectSender sender, ObservationRegistry observations) {
        this.name = name;
        this.factory = factory;
        this.ledgers = ledgers;
        this.newLedger = newLedger;
        this.sender = sender;
        this.observations = observations;
    }

    @Override
    public void run() {
        while (running) {
            try (Consumer<String, byte[]> c = factory.createConsumer(GROUP, name, null, overrides())) {
                consumer = c;
                c.subscribe(List.of(Topics.TX, Topics.ACKS), new Rebalance(c));
                while (running) {
                    loopOnce(c);
                }
            } catch (WakeupException e) {
                // stopping
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("{} lost its consumer ({}); joining again", name, e.getClass().getSimpleName());
                    pause(1_000);
                }
            } finally {
                dropAll();
            }
        }
    }

    void stop() {
        running = false;
        Consumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    private static Properties overrides() {
        Properties p = new Properties();
        p.put("enable.auto.commit", "false");
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", "read_committed");
        p.put("partition.assignment.strategy", "org.apache.kafka.clients.consumer.RangeAssignor");
        p.put("session.timeout.ms", "6000");
        p.put("heartbeat.interval.ms", "1000");
        p.put("max.poll.records", "500");
        return p;
    }

    private void loopOnce(Consumer<String, byte[]> c) {
        ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(TICK_MILLIS));
        process(c, records);
        List<String> txIds;
        while ((txIds = lost.poll()) != null) {
            for (Owned o : owned.values()) {
                o.ledger.decisionsLost(txIds);
            }
        }
        long now = System.currentTimeMillis();
        if (now - lastTick >= TICK_MILLIS) {
            lastTick = now;
            tick(c, now);
        }
        commit(c);
    }

    private void process(Consumer<String, byte[]> c, ConsumerRecords<String, byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> next = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            next.put(tp, records.records(tp).get(0).offset());
        }
        List<Sent> sent = new ArrayList<>();
        boolean failed = false;
        for (ConsumerRecord<String, byte[]> record : records) {
            TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            Owned o = owned.get(record.partition());
            if (o == null) {
                continue;
            }
            long now = System.currentTimeMillis();
            try {
                List<Effect> effects = RecordObservations.observe(record, name, observations,
                        () -> apply(o.ledger, record, now));
                List<CompletableFuture<?>> futures = sender.send(effects, lost::add);
                if (!futures.isEmpty()) {
                    sent.add(new Sent(tp, record.offset(), futures));
                }
                next.put(tp, record.offset() + 1);
            } catch (MessageCodec.MalformedMessageException e) {
                log.warn("{} skips a malformed record at {}@{}", name, tp, record.offset());
                next.put(tp, record.offset() + 1);
            } catch (RuntimeException e) {
                log.warn("{} failed on {}@{} ({}); reading it again", name, tp, record.offset(), e.getClass().getSimpleName());
                failed = true;
                break;
            }
        }
        for (Sent s : sent) {
            try {
                CompletableFuture.allOf(s.futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                next.merge(s.tp, s.offset, Math::min);
                failed = true;
            }
        }
        if (failed) {
            next.forEach((tp, offset) -> {
                if (owned.containsKey(tp.partition())) {
                    c.seek(tp, offset);
                }
            });
            backoff = Math.min(Math.max(100, backoff * 2), 2_000);
            pause(backoff);
        } else {
            backoff = 0;
        }
    }

    private static List<Effect> apply(PartitionLedger ledger, ConsumerRecord<String, byte[]> record, long now) {
        Message message = MessageCodec.decode(record.value());
        if (Topics.TX.equals(record.topic())) {
            if (message instanceof TxIntent intent) {
                return ledger.onIntent(intent, record.offset(), now);
            }
            if (message instanceof TxDecision decision) {
                return ledger.onDecision(decision, record.offset(), now);
            }
        } else if (message instanceof ShareAck ack) {
            return ledger.onAck(ack, record.offset(), now);
        } else if (message instanceof Prepared prepared) {
            return ledger.onPrepared(prepared, record.offset(), now);
        }
        return List.of();
    }

    /** Deadlines and late decisions for ready ledgers; a replaying ledger that caught up starts deciding. */
    private void tick(Consumer<String, byte[]> c, long now) {
        for (Owned o : owned.values()) {
            try {
                List<Effect> effects;
                if (o.ledger.ready()) {
                    effects = o.ledger.tick(now);
                } else if (c.position(o.tx) >= o.txEnd && c.position(o.acks) >= o.ackEnd) {
                    effects = o.ledger.resume(now);
                    log.info("{} owns partition {} of {} and is caught up", name, o.ledger.partition(), Topics.TX);
                } else {
                    continue;
                }
                sender.send(effects, lost::add);
            } catch (RuntimeException e) {
                log.warn("{} could not tick partition {}: {}", name, o.ledger.partition(), e.getClass().getSimpleName());
            }
        }
    }

    /** Commits as far as each ledger allows, when that moved. */
    private void commit(Consumer<String, byte[]> c) {
        Map<TopicPartition, OffsetAndMetadata> offsets = safeOffsets(c, owned.keySet());
        offsets.entrySet().removeIf(e -> Long.valueOf(e.getValue().offset()).equals(committed.get(e.getKey())));
        if (offsets.isEmpty()) {
            return;
        }
        offsets.forEach((tp, offset) -> committed.put(tp, offset.offset()));
        c.commitAsync(offsets, (done, failure) -> {
            if (failure != null) {
                log.debug("{} offset commit failed: {}", name, failure.getClass().getSimpleName());
                done.keySet().forEach(committed::remove);
            }
        });
    }

    private Map<TopicPartition, OffsetAndMetadata> safeOffsets(Consumer<String, byte[]> c, Collection<Integer> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (Integer partition : partitions) {
            Owned o = owned.get(partition);
            if (o == null) {
                continue;
            }
            offsets.put(o.tx, new OffsetAndMetadata(o.ledger.safeTxOffset(c.position(o.tx))));
            offsets.put(o.acks, new OffsetAndMetadata(o.ledger.safeAckOffset(c.position(o.acks))));
        }
        return offsets;
    }

    private void dropAll() {
        for (Owned o : owned.values()) {
            ledgers.remove(o.ledger);
        }
        owned.clear();
        committed.clear();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        private final Consumer<String, byte[]> c;

        Rebalance(Consumer<String, byte[]> c) {
            this.c = c;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            for (Integer partition : numbers(partitions)) {
                TopicPartition tx = new TopicPartition(Topics.TX, partition);
                TopicPartition acks = new TopicPartition(Topics.ACKS, partition);
                if (!partitions.contains(tx) || !partitions.contains(acks)) {
                    log.error("{} got only one of {} and {}: the two topics must have the same partition count",
                            name, tx, acks);
                }
                Map<TopicPartition, Long> ends = c.endOffsets(List.of(tx, acks));
                PartitionLedger ledger = newLedger.apply(partition);
                owned.put(partition, new Owned(ledger, tx, acks, ends.getOrDefault(tx, 0L), ends.getOrDefault(acks, 0L)));
                ledgers.add(ledger);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            TreeSet<Integer> numbers = numbers(partitions);
            try {
                Map<TopicPartition, OffsetAndMetadata> offsets = safeOffsets(c, numbers);
                if (!offsets.isEmpty()) {
                    c.commitSync(offsets, Duration.ofSeconds(5));
                }
            } catch (RuntimeException e) {
                log.warn("{} could not commit revoked partitions: {}", name, e.getClass().getSimpleName());
            }
            forget(numbers);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(numbers(partitions));
        }

        private void forget(Collection<Integer> numbers) {
            for (Integer partition : numbers) {
                Owned o = owned.remove(partition);
                if (o != null) {
                    ledgers.remove(o.ledger);
                }
                committed.keySet().removeIf(tp -> tp.partition() == partition);
            }
        }

        private TreeSet<Integer> numbers(Collection<TopicPartition> partitions) {
            TreeSet<Integer> numbers = new TreeSet<>();
            partitions.forEach(tp -> numbers.add(tp.partition()));
            return numbers;
        }
    }

    private record Owned(PartitionLedger ledger, TopicPartition tx, TopicPartition acks, long txEnd, long ackEnd) {
    }

    private record Sent(TopicPartition tp, long offset, List<CompletableFuture<?>> futures) {
    }
}
