package io.dsv.metadata.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Where an audit event is kept: its UTC day and the minute of that day, one Cassandra partition each, so
 * that no partition grows without bound (design §6): at 4,000 events a second a minute is 240,000 rows,
 * where one partition per day held 345 million.
 */
record AuditBucket(LocalDate day, int minute) {

    private static final long MILLIS_PER_DAY = 86_400_000L;

    static AuditBucket of(Instant time) {
        return new AuditBucket(LocalDate.ofInstant(time, ZoneOffset.UTC),
                (int) (Math.floorMod(time.toEpochMilli(), MILLIS_PER_DAY) / 60_000));
    }
}
