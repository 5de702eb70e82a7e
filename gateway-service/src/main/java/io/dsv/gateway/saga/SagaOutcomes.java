package io.dsv.gateway.saga;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** {@code dsv.saga.outcomes{outcome=...}}: committed, ordering_failed, write_quorum_failed, secret_exists, ... */
@Component
public class SagaOutcomes {

    private final MeterRegistry meters;

    public SagaOutcomes(MeterRegistry meters) {
        this.meters = meters;
    }

    Counter counter(String outcome) {
        return Counter.builder("dsv.saga.outcomes").description("write sagas by how they ended")
                .tag("outcome", outcome).register(meters);
    }
}
