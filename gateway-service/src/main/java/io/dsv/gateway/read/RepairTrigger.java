package io.dsv.gateway.read;

import io.dsv.client.ClusterProperties;
import io.dsv.client.ShareGatherer.Answers;
import io.dsv.core.domain.SecretId;
import io.dsv.core.protocol.Holder;
import io.dsv.core.protocol.MessageCodec;
import io.dsv.core.protocol.RepairRequest;
import io.dsv.core.protocol.Topics;
import io.dsv.core.protocol.VersionView;
import io.dsv.gateway.audit.AuditTrail;
import io.dsv.gateway.config.GatewayProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * After a read. A holder that answered with a share that does not match its commitment is named (metric
 * {@code dsv.read.bad.shares} tagged with the node, an audit event) and its share is always sent for
 * repair. After a latest read that got its k shares, the holders it asked that answered without one
 * (not held, an error, no answer in time) are sent for repair too (on {@code dsv.repair}): a read asks
 * only k holders (design §5.2), starting at a random one, so a lost share is found by the reads that
 * happen to ask its holder, and by anti-entropy. Fire and forget: the read has already been answered.
 */
@Component
public class RepairTrigger {

    private final KafkaTemplate<String, byte[]> kafka;
    private final ClusterProperties cluster;
    private final AuditTrail audit;
    private final MeterRegistry meters;
    private final String instanceId;
    private final Counter requested;
    private final DistributionSummary answeredPerRead;

    public RepairTrigger(KafkaTemplate<String, byte[]> kafka, ClusterProperties cluster, GatewayProperties gateway,
                         AuditTrail audit, MeterRegistry meters) {
        this.kafka = kafka;
        this.cluster = cluster;
        this.audit = audit;
        this.meters = meters;
        this.instanceId = gateway.instanceId();
        this.requested = Counter.builder("dsv.repair.requested").description("repair requests published after reads")
                .register(meters);
        this.answeredPerRead = DistributionSummary.builder("dsv.read.shares.answered")
                .description("holders that answered a read with a good share").register(meters);
    }

    void recordAnswered(int count) {
        answeredPerRead.record(count);
    }

    /** @param latest only a read of the latest version asks for the missing shares */
    void afterRead(SecretId id, VersionView version, Answers answers, boolean latest) {
        for (Holder bad : answers.bad()) {
            Counter.builder("dsv.read.bad.shares").description("shares that did not match their commitment, by node")
                    .tag("node", bad.nodeId()).register(meters).increment();
            audit.badShare(id.namespace(), id.name(), version.version(), version.txId(), bad.nodeId(), instanceId);
        }
        boolean missingAfterLatest = latest && answers.good().size() >= cluster.k() && !answers.missing().isEmpty();
        if (answers.bad().isEmpty() && !missingAfterLatest) {
            return;
        }
        List<Holder> missing = missingAfterLatest ? answers.missing() : List.of();
        RepairRequest request = new RepairRequest(version.txId(), id.namespace(), id.name(), version.version(), missing,
                answers.bad(), instanceId);
        kafka.send(Topics.REPAIR, id.key(), MessageCodec.encode(request));
        requested.increment();
    }
}
