package io.dsv.metadata.audit;

import io.dsv.core.protocol.AuditEvent;
import io.dsv.core.protocol.Message;
import io.dsv.core.protocol.MessageCodec;
import io.dsv.core.protocol.Topics;
import java.time.Instant;
import java.util.List;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Copies {@code dsv.audit} into Cassandra, and answers audit queries for the gateway's admin API. */
@RestController
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

    @GetMapping("/internal/audit")
    public List<AuditEvent> find(@RequestParam(required = false) Instant since,
                                 @RequestParam(required = false) String namespace,
                                 @RequestParam(required = false) String actor,
                                 @RequestParam(defaultValue = "100") int limit) {
        return store.find(since == null ? Instant.now().minusSeconds(86_400) : since, namespace, actor,
                Math.max(1, Math.min(limit, 1_000)));
    }
}
