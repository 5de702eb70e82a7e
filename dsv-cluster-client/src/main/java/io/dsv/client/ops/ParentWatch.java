package io.dsv.client.ops;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service started by {@code dsv-local --processes} stops when the launcher does, however the
 * launcher ends (Ctrl-C, SIGTERM, a test JVM killed): it watches the launcher's pid, given as
 * {@code dsv.parent-pid}, and exits when that process is gone. No child is left behind.
 */
public final class ParentWatch {

    private static final Logger log = LoggerFactory.getLogger(ParentWatch.class);

    private ParentWatch() {
    }

    /** Starts watching when {@code parentPid} names a live process; returns whether it does. */
    public static boolean watch(String parentPid) {
        if (parentPid == null || parentPid.isBlank()) {
            return false;
        }
        Optional<ProcessHandle> parent = ProcessHandle.of(Long.parseLong(parentPid.trim()));
        if (parent.isEmpty()) {
            Runtime.getRuntime().halt(1);                          // already gone: do not start orphaned
        }
        parent.get().onExit().thenRun(() -> {
            log.warn("The launcher (pid {}) is gone; stopping", parentPid);
            Thread halt = new Thread(() -> {
                try {
                    Thread.sleep(15_000);                          // a graceful stop that hangs is cut short
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Runtime.getRuntime().halt(1);
            }, "dsv-parent-watch-halt");
            halt.setDaemon(true);
            halt.start();
            System.exit(0);
        });
        return true;
    }
}
