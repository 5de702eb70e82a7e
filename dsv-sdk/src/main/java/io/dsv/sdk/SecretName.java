package io.dsv.sdk;

import java.time.Instant;

/** A listed secret: its name and latest version, state and validFrom. Never its value. */
public record SecretName(String name, long version, String state, Instant validFrom) {
}
