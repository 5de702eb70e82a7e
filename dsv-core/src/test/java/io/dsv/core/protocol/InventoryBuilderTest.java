package io.dsv.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InventoryBuilderTest {

    @Test
    void digestsDoNotDependOnOrderButNoticeOneMissingEntry() {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            rows.add(new String[] {"ns", "key-" + i, "tx-" + i, Integer.toString(1 + i % 5)});
        }
        ShareInventory.Digests forward = digests(rows);
        Collections.shuffle(rows, new Random(7));
        assertThat(digests(rows)).isEqualTo(forward);

        String[] dropped = rows.remove(42);
        ShareInventory.Digests missingOne = digests(rows);
        int bucket = ShareInventory.bucket("ns", dropped[1], 64);
        for (int b = 0; b < 64; b++) {
            assertThat(missingOne.digests().get(b).equals(forward.digests().get(b))).as("bucket %d", b).isEqualTo(b != bucket);
        }
        InventoryBuilder one = new InventoryBuilder(64, bucket);
        rows.forEach(r -> one.add(r[0], r[1], r[2], Integer.parseInt(r[3])));
        assertThat(one.entries().entries()).doesNotContain(ShareInventory.entry("ns", dropped[1], dropped[2], Integer.parseInt(dropped[3])))
                .hasSize(forward.counts().get(bucket) - 1);
    }

    private static ShareInventory.Digests digests(List<String[]> rows) {
        InventoryBuilder builder = new InventoryBuilder(64, null);
        rows.forEach(r -> builder.add(r[0], r[1], r[2], Integer.parseInt(r[3])));
        return builder.digests();
    }
}
