package io.dsv.gateway.saga;

import org.apache.kafka.common.errors.TimeoutException;

/**
 * Tells a failed publish that certainly wrote nothing from one that may have. Only one case is certain:
 * the producer never learned where the topic lives (it could not reach any broker), so the record never
 * left the process. A batch that expired in the producer, or a send whose acknowledgement was lost, may
 * well be in the log: the write's outcome is then unknown.
 */
final class IntentFailure {

    private IntentFailure() {
    }

    static boolean neverSent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException && t.getMessage() != null && t.getMessage().contains("not present in metadata")) {
                return true;
            }
        }
        return false;
    }
}
