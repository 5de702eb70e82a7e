package io.dsv.metadata.ledger;

import io.dsv.client.ClusterProperties;
import io.dsv.client.kafka.TransactionalPublisher;
import io.dsv.core.protocol.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;

/**
 * Metadata's part in the write path: {@code dsv.metadata.tx-consumers} members of the consumer group
 * over {@code dsv.tx} and {@code dsv.tx.acks}, each on its own thread, sharing this instance's
 * {@link Ledgers}. Several instances split the partitions between them; one that dies hands its
 * partitions to the others, which replay them (design §4.9).
 */
@Component
public class TxLog implements SmartLifecycle {

    private final List<TxLogConsumer> consumers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final TransactionalPublisher transactions;
    private volatile boolean running;

    public TxLog(ConsumerFactory<String, byte[]> consumerFactory, ProducerFactory<String, byte[]> producers,
                 KafkaTemplate<String, byte[]> kafka, Ledgers ledgers, LedgerStore store, ClusterProperties cluster,
                 ObjectProvider<ObservationRegistry> observations, MeterRegistry meters,
                 @Value("${dsv.metadata.instance-id}") String instanceId,
                 @Value("${dsv.metadata.tx-consumers:2}") int count,
                 @Value("${dsv.metadata.keys-in-memory:100000}") int keysInMemory) {
        ObservationRegistry registry = observations.getIfUnique(() -> ObservationRegistry.NOOP);
        this.transactions = new TransactionalPublisher(producers, "dsv.decisions." + instanceId + "-", registry);
        EffectSender sender = new EffectSender(kafka, transactions, meters);
        int destroysNeeded = cluster.n() - cluster.k() + 1;
        for (int i = 0; i < count; i++) {
            consumers.add(new TxLogConsumer(instanceId + "-tx-" + i, consumerFactory, ledgers,
                    partition -> new PartitionLedger(partition, store, cluster.w(), destroysNeeded,
                            Math.max(1, keysInMemory / Topics.TX_PARTITIONS)), sender, registry));
        }
    }

    @Override
    public void start() {
        running = true;
        for (TxLogConsumer consumer : consumers) {
            Thread thread = new Thread(consumer, "dsv-txlog-" + threads.size());
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    @Override
    public void stop() {
        running = false;
        consumers.forEach(TxLogConsumer::stop);
        for (Thread thread : threads) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
        transactions.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
