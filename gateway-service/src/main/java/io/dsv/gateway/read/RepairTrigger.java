package io.dsv.gateway.read;

import io.dsv.client.ClusterProperties;
import io.dsv.core.domain.SecretId;
import io.dsv.core.protocol.Holder;
import io.dsv.core.protocol.MessageCodec;
import io.dsv.core.protocol.RepairRequest;
import io.dsv.core.protocol.Topics;
import io.dsv.core.protocol.VersionView;
import io.dsv.gateway.config.GatewayProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * After a latest read: when only k .. k + repairTriggerBuffer holders answered, ask repair-service
 * (on {@code dsv.repair}) to rebuild the shares of the ones that did not. Fire and forget: the
 * read has already been answered.
 */
@Component
public class RepairTrigger {

    private final KafkaTemplate<String, byte[]> kafka;
    private final ClusterProperties cluster;
    private final String instanceId;
    private final Counter requested;
    private final DistributionSummary answeredPerRead;

    public RepairTrigger(KafkaTemplate<String, byte[]> kafka, ClusterProperties cluster, GatewayProperties gateway,
                         MeterRegistry meters) {
        this.kafka = kafka;
        this.cluster = cluster;
        this.instanceId = gateway.instanceId();
        this.requested = Counter.builder("dsv.repair.requested").description("repair requests published after reads")
                .register(meters);
        this.answeredPerRead = DistributionSummary.builder("dsv.read.shares.answered")
                .description("holders that answered a read").register(meters);
    }

    void recordAnswered(int count) {
        answeredPerRead.record(count);
    }

    void afterRead(SecretId id, VersionView version, List<Holder> answered) {
        int count = answered.size();
        if (count < cluster.k() || count > cluster.k() + cluster.repairTriggerBuffer() || count == version.holders().size()) {
            return;
        }
        List<Holder> missing = version.holders().stream().filter(h -> !answered.contains(h)).toList();
        RepairRequest request = new RepairRequest(version.txId(), id.namespace(), id.name(), version.version(), missing,
                instanceId);
        kafka.send(Topics.REPAIR, id.key(), MessageCodec.encode(request));
        requested.increment();
    }
}
