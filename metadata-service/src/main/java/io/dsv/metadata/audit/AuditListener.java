package io.dsv.metadata.audit;

import io.dsv.core.protocol.AuditEvent;
import io.dsv.core.protocol.Message;
import io.dsv.core.protocol.MessageCodec;
import io.dsv.core.protocol.Topics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Copies {@code dsv.audit} into Cassandra (the gateway's admin API reads it back through the internal plane). */
@Component
public class AuditListener {

    private final AuditStore store;

    public AuditListener(AuditStore store) {
        this.store = store;
    }

    @KafkaListener(id = "metadata-audit", topics = Topics.AUDIT, groupId = "dsv-audit")
    public void onEvent(byte[] payload) {
        Message message = MessageCodec.decode(payload);
        if (message instanceof AuditEvent event) {
            store.save(event);
        }
    }
}
