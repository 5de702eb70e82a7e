package io.dsv.core.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A version as metadata reports it to gateways and repair: which transaction wrote it (its shares are
 * stored under that id), when it was current, and where its shares are. Never a value.
 *
 * @param state       active, deleted (a tombstone) or destroyed
 * @param commitments each share index's commitment, recorded at write time; a share is used only when
 *                    it matches (design §5.3)
 */
public record VersionView(String namespace, String name, long version, String txId, String operation, String state,
                          Instant validFrom, Instant validTo, List<Holder> holders, Map<Integer, byte[]> commitments,
                          String writer) {

    public VersionView {
        commitments = commitments == null ? Map.of() : Map.copyOf(commitments);
    }

    /** The commitment of share {@code shareIndex}, or null when none was recorded. */
    public byte[] commitment(int shareIndex) {
        return commitments.get(shareIndex);
    }

    public static final String ACTIVE = "active";
    public static final String DELETED = "deleted";
    public static final String DESTROYED = "destroyed";

    public boolean readable() {
        return ACTIVE.equals(state);
    }
}
