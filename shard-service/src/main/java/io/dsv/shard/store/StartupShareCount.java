package io.dsv.shard.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Counts the node's shares once, off the start-up thread, so that the gauge starts from the truth. */
@Component
class StartupShareCount {

    private static final Logger log = LoggerFactory.getLogger(StartupShareCount.class);

    private final ShareStore store;

    StartupShareCount(ShareStore store) {
        this.store = store;
    }

    @EventListener(ApplicationReadyEvent.class)
    void countOnce() {
        Thread counter = new Thread(() -> {
            try {
                store.countHeld();
            } catch (RuntimeException e) {
                log.warn("Counting the shares held failed ({}); the next anti-entropy sweep counts them",
                        e.getClass().getSimpleName());
            }
        }, "dsv-share-count");
        counter.setDaemon(true);
        counter.start();
    }
}
