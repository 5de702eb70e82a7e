package io.dsv.gateway.api;

import io.dsv.core.protocol.VersionView;
import java.time.Instant;

/** One version in a secret's history: when it was current, its state, who wrote it. Never its value. */
public record HistoryEntry(long version, Instant validFrom, Instant validTo, String state, String writer) {

    static HistoryEntry of(VersionView view) {
        return new HistoryEntry(view.version(), view.validFrom(), view.validTo(), view.state(), view.writer());
    }
}
