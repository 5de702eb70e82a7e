package io.dsv.core.domain;

import java.time.Instant;

/**
 * When a version was the current one: [validFrom, validTo). validTo is null while it is current.
 * Consecutive versions of a key meet exactly: the old one's validTo is the new one's validFrom.
 */
public record ValidityInterval(Instant validFrom, Instant validTo) {

    public ValidityInterval {
        if (validFrom == null) {
            throw new IllegalArgumentException("validFrom must not be null");
        }
        if (validTo != null && !validTo.isAfter(validFrom)) {
            throw new IllegalArgumentException("validTo (" + validTo + ") must be after validFrom (" + validFrom + ")");
        }
    }

    public static ValidityInterval openFrom(Instant validFrom) {
        return new ValidityInterval(validFrom, null);
    }

    public boolean isCurrent() {
        return validTo == null;
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(validFrom) && (validTo == null || instant.isBefore(validTo));
    }

    /** This interval closed at {@code end}, when the next version becomes valid. */
    public ValidityInterval closedAt(Instant end) {
        return new ValidityInterval(validFrom, end);
    }
}
