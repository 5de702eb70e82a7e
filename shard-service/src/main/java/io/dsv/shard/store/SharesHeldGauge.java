package io.dsv.shard.store;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * {@code dsv.shard.shares.held}: the sealed shares this node holds, without a table scan on a timer.
 * Counted in full at start and by every inventory scan (anti-entropy reads every row anyway); in
 * between, {@link ShareStore} adds each share it stores where none was and takes away each pending
 * share it aborts. Shares destroyed or moved away are only counted off by the next full count. -1
 * until the first full count.
 */
@Component
public class SharesHeldGauge {

    private final AtomicLong held = new AtomicLong(-1);

    public SharesHeldGauge(MeterRegistry meters) {
        Gauge.builder("dsv.shard.shares.held", held, AtomicLong::get).description("sealed shares this node holds")
                .register(meters);
    }

    /** A full count. */
    void counted(long shares) {
        held.set(shares);
    }

    /** One more share where none was. */
    void added() {
        held.updateAndGet(n -> n < 0 ? n : n + 1);
    }

    /** One share fewer. */
    void removed() {
        held.updateAndGet(n -> n <= 0 ? n : n - 1);
    }

    long value() {
        return held.get();
    }
}
