package io.dsv.repair.janitor;

import io.dsv.client.ShardDirectory;
import io.dsv.core.domain.SecretId;
import io.dsv.core.protocol.Holder;
import io.dsv.core.protocol.Message;
import io.dsv.core.protocol.MessageCodec;
import io.dsv.core.protocol.Topics;
import io.dsv.core.protocol.TxDecision;
import io.dsv.core.protocol.TxIntent;
import io.dsv.repair.config.RepairProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Aborts transactions whose coordinator died: it follows {@code dsv.tx}, remembers each intent until
 * its decision appears, and publishes the abort decision for any intent still undecided after its
 * lease plus a grace period.
 */
@Component
public class SagaJanitor {

    private static final Logger log = LoggerFactory.getLogger(SagaJanitor.class);

    private final Map<String, TxIntent> undecided = new ConcurrentHashMap<>();
    private final KafkaTemplate<String, byte[]> kafka;
    private final ShardDirectory directory;
    private final RepairProperties properties;
    private final Counter aborts;

    public SagaJanitor(KafkaTemplate<String, byte[]> kafka, ShardDirectory directory, RepairProperties properties,
                       MeterRegistry meters) {
        this.kafka = kafka;
        this.directory = directory;
        this.properties = properties;
        this.aborts = Counter.builder("dsv.janitor.aborts").description("transactions aborted after their lease").register(meters);
    }

    @KafkaListener(id = "saga-janitor", topics = Topics.TX, groupId = "dsv-janitor")
    public void onRecord(byte[] payload) {
        Message message = MessageCodec.decode(payload);
        if (message instanceof TxIntent intent) {
            undecided.put(intent.txId(), intent);
        } else if (message instanceof TxDecision decision) {
            undecided.remove(decision.txId());
        }
    }

    @Scheduled(fixedDelayString = "${dsv.repair.janitor-interval:1s}")
    public void abortExpired() {
        long now = System.currentTimeMillis();
        for (TxIntent intent : List.copyOf(undecided.values())) {
            long expiry = intent.createdAtMillis() + intent.leaseMillis() + properties.janitorGrace().toMillis();
            if (now >= expiry && undecided.remove(intent.txId()) != null) {
                abort(intent);
            }
        }
    }

    /**
     * Only the abort decision: metadata applies it in log order (a commit that landed first wins) and
     * releases the shares of the holders named here if the transaction did not commit.
     */
    private void abort(TxIntent intent) {
        SecretId id = new SecretId(intent.namespace(), intent.name());
        List<Holder> holders = intent.operation() == io.dsv.core.protocol.Operation.DELETE ? List.of() : directory.holdersFor(id);
        kafka.send(Topics.TX, id.key(), MessageCodec.encode(new TxDecision(intent.txId(), intent.namespace(),
                intent.name(), false, 0L, holders, "janitor", "janitor", null)));
        aborts.increment();
        log.info("Janitor aborted tx {} on {}: no decision within its lease", intent.txId(), id);
    }
}
