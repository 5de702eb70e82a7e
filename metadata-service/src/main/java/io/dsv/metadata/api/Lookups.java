package io.dsv.metadata.api;

import io.dsv.metadata.store.SecretVersion;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Which readable version a look-up wants: the latest, a given number, or the one valid at an instant. */
final class Lookups {

    private Lookups() {
    }

    /**
     * @param versions the key's versions, newest first
     * @param number   0: not given
     * @param at       null: not given
     */
    static Optional<SecretVersion> find(List<SecretVersion> versions, long number, Instant at) {
        Optional<SecretVersion> found;
        if (versions.isEmpty()) {
            found = Optional.empty();
        } else if (number != 0) {
            found = versions.stream().filter(v -> v.version() == number).findFirst();
        } else if (at != null) {
            found = versions.stream().filter(v -> v.validFrom() != null && !at.isBefore(v.validFrom())
                    && (v.validTo() == null || at.isBefore(v.validTo()))).findFirst();
        } else {
            found = Optional.of(versions.get(0));
        }
        return found.filter(SecretVersion::readable);
    }
}
