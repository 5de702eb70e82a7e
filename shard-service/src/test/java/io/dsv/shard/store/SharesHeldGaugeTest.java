package io.dsv.shard.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The shares-held gauge without a scan on a timer: full counts, and the store's changes in between. */
class SharesHeldGaugeTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SharesHeldGauge gauge = new SharesHeldGauge(meters);

    @Test
    void unknownUntilTheFirstFullCountThenFollowsTheStoresChanges() {
        gauge.added();                                  // before any count: still unknown, not 0
        assertThat(published()).isEqualTo(-1);

        gauge.counted(5);
        gauge.added();
        gauge.added();
        gauge.removed();
        assertThat(published()).isEqualTo(6);

        gauge.counted(3);                               // the next full count is the truth
        assertThat(published()).isEqualTo(3);
    }

    @Test
    void neverCountsBelowZero() {
        gauge.counted(0);
        gauge.removed();
        assertThat(published()).isZero();
    }

    private double published() {
        return meters.get("dsv.shard.shares.held").gauge().value();
    }
}
