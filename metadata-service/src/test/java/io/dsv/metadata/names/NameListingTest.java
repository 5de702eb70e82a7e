package io.dsv.metadata.names;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsv.metadata.names.NameListing.Entry;
import io.dsv.metadata.names.NameListing.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NameListingTest {

    private final TreeMap<String, Entry> table = new TreeMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final NameListing.Rows rows = (after, limit) -> {
        reads.incrementAndGet();
        return table.tailMap(after, false).values().stream().limit(limit).toList();
    };

    private void put(String name, String state) {
        table.put(name, new Entry(name, 1, state, Instant.EPOCH));
    }

    @Test
    void pagesWalkEveryNameOnceInOrderAndTheLastPageHasNoCursor() {
        for (int i = 0; i < 25; i++) {
            put(String.format("k%03d", i), "active");
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page page = NameListing.page(rows, "", cursor, 10, false);
            page.entries().forEach(e -> seen.add(e.name()));
            cursor = page.next();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(25).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aPrefixListsOnlyItsNamesAndStopsReadingPastThem() {
        put("api-key", "active");
        put("db-host", "active");
        put("db-pass", "active");
        put("db-user", "deleted");
        put("dc", "active");
        put("e", "active");
        for (int i = 0; i < 2_000; i++) {
            put("z" + i, "active");
        }
        Page page = NameListing.page(rows, "db-", null, 10, false);
        assertThat(page.entries()).extracting(Entry::name).containsExactly("db-host", "db-pass");
        assertThat(page.next()).isNull();
        assertThat(reads.get()).as("one chunk: the rest cannot match").isEqualTo(1);
        assertThat(NameListing.page(rows, "db-", null, 10, true).entries()).extracting(Entry::name)
                .containsExactly("db-host", "db-pass", "db-user");
        assertThat(NameListing.page(rows, "db-", null, 1, false)).satisfies(p -> {
            assertThat(p.entries()).extracting(Entry::name).containsExactly("db-host");
            assertThat(p.next()).isEqualTo("db-host");
        });
        assertThat(NameListing.page(rows, "db-", "db-host", 1, false).entries()).extracting(Entry::name)
                .containsExactly("db-pass");
        assertThat(NameListing.page(rows, "nothing", null, 10, false).entries()).isEmpty();
    }

    @Test
    void deletedNamesAreSkippedAcrossChunksWithoutShortPages() {
        for (int i = 0; i < 1_200; i++) {
            put(String.format("d%04d", i), "deleted");
        }
        put("live-1", "active");
        put("live-2", "active");
        Page page = NameListing.page(rows, "", null, 2, false);
        assertThat(page.entries()).extracting(Entry::name).containsExactly("live-1", "live-2");
        assertThat(page.next()).isNull();
    }
}
