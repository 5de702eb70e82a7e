package io.dsv.shard.saga;

import io.dsv.client.kafka.WaveListener;
import io.dsv.core.protocol.Message;
import io.dsv.core.protocol.MessageCodec;
import io.dsv.core.protocol.ShareAbort;
import io.dsv.core.protocol.ShareAck;
import io.dsv.core.protocol.ShareDestroy;
import io.dsv.core.protocol.SharePut;
import io.dsv.core.protocol.ShareRelease;
import io.dsv.core.protocol.Topics;
import io.dsv.core.seal.SealContext;
import io.dsv.core.seal.ShareSealer;
import io.dsv.shard.identity.NodeIdentity;
import io.dsv.shard.store.ShareStore;
import io.micrometer.observation.ObservationRegistry;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Applies the commands on this node's topic, each key's in log order. The effect is written to
 * Cassandra before the offset is committed, and every effect is idempotent, so a redelivery after a
 * crash is harmless. A node that was down finds its commands waiting here when it returns (hinted
 * handoff). A polled batch is applied in waves ({@link WaveListener}) so that one node keeps up with
 * many concurrent writes (and a .env file's hundred shares); each command still gets its own
 * consumer span, continuing the writer's trace from the record's headers.
 */
@Component
public class ShardCommandListener implements org.springframework.beans.factory.DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ShardCommandListener.class);

    private final ShareStore store;
    private final NodeIdentity identity;
    private final KafkaTemplate<String, byte[]> kafka;
    private final ShareSealer sealer;
    private final WaveListener waves;

    public ShardCommandListener(ShareStore store, NodeIdentity identity, KafkaTemplate<String, byte[]> kafka,
                                ShareSealer sealer, ObjectProvider<ObservationRegistry> observations,
                                @Value("${dsv.shard.command-parallelism:8}") int parallelism) {
        this.sealer = sealer;
        this.waves = new WaveListener("shard-" + identity.nodeId(), parallelism,
                observations.getIfUnique(() -> ObservationRegistry.NOOP));
        this.store = store;
        this.identity = identity;
        this.kafka = kafka;
    }

    @KafkaListener(id = "shard-${dsv.shard.node-id}", topics = "dsv.shard.${dsv.shard.node-id}",
            groupId = "shard-${dsv.shard.node-id}", batch = "true")
    public void onCommands(List<ConsumerRecord<String, byte[]>> records) {
        waves.apply(records, this::onCommand);
    }

    @Override
    public void destroy() {
        waves.close();
    }

    void onCommand(byte[] payload) {
        Message message = MessageCodec.decode(payload);
        if (message instanceof SharePut put) {
            store(put);
        } else if (message instanceof ShareAbort abort) {
            store.abort(abort.namespace(), abort.name(), abort.txId());
        } else if (message instanceof ShareRelease release) {
            store.release(release.namespace(), release.name(), release.txId());
            send(Topics.REPLIES, release.txId(), new ShareAck(release.txId(), identity.nodeId(), 0, ShareAck.Kind.RELEASED));
        } else if (message instanceof ShareDestroy destroy) {
            store.destroy(destroy.namespace(), destroy.name(), destroy.txIds());
            send(Topics.ACKS, destroy.namespace() + "/" + destroy.name(),
                    new ShareAck(destroy.txId(), identity.nodeId(), 0, ShareAck.Kind.DESTROYED));
        } else {
            log.warn("Shard node {} ignores a {} on its command topic", identity.nodeId(),
                    message.getClass().getSimpleName());
        }
    }

    /**
     * Checks that the share opens under its context before keeping it (a misaddressed share is refused),
     * then acknowledges: a write's share to the owner of the key in metadata, on the topic co-partitioned
     * with dsv.tx; a rebuilt one to repair-service.
     */
    private void store(SharePut put) {
        SealContext context = new SealContext(put.namespace(), put.name(), put.txId(), put.shareIndex(), identity.nodeId());
        byte[] share = sealer.open(put.sealed(), identity.keyPair(), context);
        Arrays.fill(share, (byte) 0);
        if (!store.put(put.namespace(), put.name(), put.txId(), put.shareIndex(), put.sealed(), put.rebuilt())) {
            log.info("Shard node {} dropped tx {} already: its late share is not stored", identity.nodeId(), put.txId());
            return;
        }
        ShareAck ack = new ShareAck(put.txId(), identity.nodeId(), put.shareIndex(), ShareAck.Kind.STORED);
        if (put.rebuilt()) {
            send(Topics.REPLIES, put.txId(), ack);
        } else {
            send(Topics.ACKS, put.namespace() + "/" + put.name(), ack);
        }
    }

    private void send(String topic, String key, ShareAck ack) {
        kafka.send(topic, key, MessageCodec.encode(ack));
    }
}
