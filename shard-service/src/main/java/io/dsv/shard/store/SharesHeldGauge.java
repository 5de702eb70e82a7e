package io.dsv.shard.store;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** {@code dsv.shard.shares.held}: rows in this node's keyspace, counted every 30 s (a full count: fine at this scale). */
@Component
public class SharesHeldGauge {

    private final ShareStore store;
    private final AtomicLong held = new AtomicLong(-1);

    public SharesHeldGauge(ShareStore store, MeterRegistry meters) {
        this.store = store;
        Gauge.builder("dsv.shard.shares.held", held, AtomicLong::get).description("sealed shares this node holds")
                .register(meters);
    }

    @Scheduled(initialDelay = 2_000, fixedDelayString = "${dsv.shard.shares-held-interval:30s}")
    public void count() {
        try {
            held.set(store.count());
        } catch (RuntimeException e) {
            held.set(-1);
        }
    }
}
