package io.dsv.metadata.names;

import io.dsv.metadata.store.SecretVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of a namespace's names, sorted by name: those starting with the prefix, after the cursor (the
 * last name of the page before), deleted ones left out unless asked for. Reads the sorted rows in chunks
 * from {@link Rows} and stops as soon as the page is full or the prefix is passed.
 */
public final class NameListing {

    /** A name's latest version, as listed (never a value). */
    public record Entry(String name, long version, String state, Instant validFrom) {
    }

    /** Entries, and the cursor for the next page (null on the last page). */
    public record Page(List<Entry> entries, String next) {
    }

    /** The namespace's rows in name order, strictly after {@code after} ("" for the start), at most {@code limit}. */
    @FunctionalInterface
    public interface Rows {
        List<Entry> after(String after, int limit);
    }

    private static final int CHUNK = 500;

    private NameListing() {
    }

    public static Page page(Rows rows, String prefix, String cursor, int limit, boolean includeDeleted) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        String after = cursor == null ? "" : cursor;
        if (!prefix.isEmpty() && after.compareTo(prefix) < 0) {
            after = before(prefix);
        }
        List<Entry> found = new ArrayList<>(Math.min(limit + 1, CHUNK));
        while (found.size() <= limit) {
            List<Entry> chunk = rows.after(after, CHUNK);
            for (Entry entry : chunk) {
                after = entry.name();
                if (!entry.name().startsWith(prefix)) {
                    if (entry.name().compareTo(prefix) > 0) {
                        return finish(found, limit);                 // sorted: nothing further can match
                    }
                    continue;
                }
                if (includeDeleted || !SecretVersion.DELETED.equals(entry.state())) {
                    found.add(entry);
                    if (found.size() > limit) {
                        break;
                    }
                }
            }
            if (chunk.size() < CHUNK) {
                break;
            }
        }
        return finish(found, limit);
    }

    private static Page finish(List<Entry> found, int limit) {
        if (found.size() > limit) {
            List<Entry> page = List.copyOf(found.subList(0, limit));
            return new Page(page, page.get(limit - 1).name());
        }
        return new Page(List.copyOf(found), null);
    }

    /** The greatest string below {@code prefix} that no name starting with it is below: its start, exclusive. */
    private static String before(String prefix) {
        return prefix.substring(0, prefix.length() - 1) + (char) (prefix.charAt(prefix.length() - 1) - 1) + "\uffff";
    }
}
