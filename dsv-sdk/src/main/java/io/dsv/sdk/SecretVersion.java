package io.dsv.sdk;

import java.time.Instant;

/** One version in a secret's history: when it was current, its state, who wrote it. Never its value. */
public record SecretVersion(long version, Instant validFrom, Instant validTo, String state, String writer) {
}
