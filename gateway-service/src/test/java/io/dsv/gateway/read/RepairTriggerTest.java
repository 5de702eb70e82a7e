package io.dsv.gateway.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

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
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * What a read asks of repair: a bad share always (any version read), named in a metric and the audit
 * trail; holders asked that answered without a share only after a latest read that got its k.
 */
class RepairTriggerTest {

    private static final SecretId ID = new SecretId("ns", "db");
    private static final List<Holder> HOLDERS = List.of(new Holder("shard-1", 1), new Holder("shard-2", 2),
            new Holder("shard-3", 3), new Holder("shard-4", 4), new Holder("shard-5", 5));
    private static final VersionView VERSION = new VersionView("ns", "db", 2, "tx-2", "UPDATE", VersionView.ACTIVE, null,
            null, HOLDERS, Map.of(), "tester");

    @SuppressWarnings("unchecked")
    private final KafkaTemplate<String, byte[]> kafka = mock(KafkaTemplate.class);
    private final AuditTrail audit = mock(AuditTrail.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RepairTrigger trigger = new RepairTrigger(kafka,
            new ClusterProperties(5, 3, 4, Duration.ofMillis(50), Duration.ofSeconds(1), List.of(), List.of()),
            new GatewayProperties("gw-1", Duration.ofSeconds(1), Duration.ofSeconds(1), 65_536, 0, 0, null), audit, meters);

    @Test
    void aBadShareOnAHistoricalReadIsNamedAndSentForRepairAlone() {
        trigger.afterRead(ID, VERSION, new Answers(HOLDERS.subList(1, 4), List.of(HOLDERS.get(0)), List.of(HOLDERS.get(4))), false);

        RepairRequest request = sentRequest();
        assertThat(request.bad()).containsExactly(HOLDERS.get(0));
        assertThat(request.missing()).as("a historical read asks for no missing share").isEmpty();
        assertThat(meters.counter("dsv.read.bad.shares", "node", "shard-1").count()).isEqualTo(1);
        verify(audit).badShare("ns", "db", 2, "tx-2", "shard-1", "gw-1");
    }

    @Test
    void aLatestReadAsksForTheSharesOfHoldersItAskedThatAnsweredWithoutOne() {
        // shard-5 was asked and had no share; shard-4's was bad; nobody else was asked
        trigger.afterRead(ID, VERSION, new Answers(HOLDERS.subList(0, 3), List.of(HOLDERS.get(3)), List.of(HOLDERS.get(4))),
                true);

        RepairRequest request = sentRequest();
        assertThat(request.missing()).containsExactly(HOLDERS.get(4));
        assertThat(request.bad()).containsExactly(HOLDERS.get(3));
    }

    @Test
    void allGoodOrAHistoricalReadMissingSharesOrAFailedReadAsksNothing() {
        trigger.afterRead(ID, VERSION, new Answers(HOLDERS.subList(0, 3), List.of(), List.of()), true);
        trigger.afterRead(ID, VERSION, new Answers(HOLDERS.subList(0, 3), List.of(), List.of(HOLDERS.get(3))), false);
        // fewer than k good: nothing to rebuild from
        trigger.afterRead(ID, VERSION, new Answers(HOLDERS.subList(0, 2), List.of(), HOLDERS.subList(2, 5)), true);

        verify(kafka, never()).send(anyString(), anyString(), any(byte[].class));
        verify(audit, never()).badShare(any(), any(), org.mockito.ArgumentMatchers.anyLong(), any(), any(), any());
    }

    private RepairRequest sentRequest() {
        ArgumentCaptor<byte[]> payload = ArgumentCaptor.forClass(byte[].class);
        verify(kafka).send(eq(Topics.REPAIR), eq(ID.key()), payload.capture());
        return (RepairRequest) MessageCodec.decode(payload.getValue());
    }
}
