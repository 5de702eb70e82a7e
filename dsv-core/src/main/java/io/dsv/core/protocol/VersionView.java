package io.dsv.core.protocol;

import java.time.Instant;
import java.util.List;

/**
 * A version as metadata reports it to gateways over HTTP: which transaction wrote it (its shares are
 * stored under that id), when it was current, and where its shares are. Never a value.
 *
 * @param state active, deleted (a tombstone) or destroyed
 */
public record VersionView(String namespace, String name, long version, String txId, String operation, String state,
                          Instant validFrom, Instant validTo, List<Holder> holders, String writer) {

    public static final String ACTIVE = "active";
    public static final String DELETED = "deleted";
    public static final String DESTROYED = "destroyed";

    public boolean readable() {
        return ACTIVE.equals(state);
    }
}
