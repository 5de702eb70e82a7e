package io.dsv.repair.read;

import io.dsv.core.domain.SecretId;
import io.dsv.core.protocol.Message;
import io.dsv.core.protocol.MessageCodec;
import io.dsv.core.protocol.RepairRequest;
import io.dsv.core.protocol.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Read repair: the requests gateways publish on {@code dsv.repair} after reads that found shares missing. */
@Component
public class RepairRequestListener {

    private final ShareRebuilder rebuilder;
    private final Counter received;

    public RepairRequestListener(ShareRebuilder rebuilder, MeterRegistry meters) {
        this.rebuilder = rebuilder;
        this.received = Counter.builder("dsv.repair.received").description("repair requests received").register(meters);
    }

    @KafkaListener(id = "repair-requests", topics = Topics.REPAIR, groupId = "dsv-repair")
    public void onRequest(byte[] payload) {
        Message message = MessageCodec.decode(payload);
        if (message instanceof RepairRequest request) {
            received.increment();
            rebuilder.rebuild(new SecretId(request.namespace(), request.name()), request.txId(), request.version(),
                    request.missing(), request.bad());
        }
    }
}
