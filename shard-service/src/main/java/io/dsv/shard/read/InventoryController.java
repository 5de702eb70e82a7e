package io.dsv.shard.read;

import io.dsv.core.protocol.InventoryBuilder;
import io.dsv.core.protocol.ShareInventory;
import io.dsv.shard.store.ShareStore;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What this node really holds, as range digests, or one range's entries: for anti-entropy. */
@RestController
public class InventoryController {

    private final ShareStore store;

    public InventoryController(ShareStore store) {
        this.store = store;
    }

    @GetMapping("/internal/inventory/digests")
    public ShareInventory.Digests digests(@RequestParam int buckets) {
        InventoryBuilder inventory = new InventoryBuilder(buckets, null);
        store.forEachEntry(inventory);
        return inventory.digests();
    }

    @GetMapping("/internal/inventory/entries")
    public ShareInventory.Entries entries(@RequestParam int buckets, @RequestParam int bucket) {
        InventoryBuilder inventory = new InventoryBuilder(buckets, bucket);
        store.forEachEntry(inventory);
        return inventory.entries();
    }
}
