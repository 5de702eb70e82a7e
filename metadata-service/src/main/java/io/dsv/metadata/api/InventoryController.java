package io.dsv.metadata.api;

import io.dsv.core.protocol.InventoryBuilder;
import io.dsv.core.protocol.ShareInventory;
import io.dsv.metadata.store.MetadataStore;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What a node should hold according to the committed versions, as range digests or one range's entries. */
@RestController
public class InventoryController {

    private final MetadataStore store;

    public InventoryController(MetadataStore store) {
        this.store = store;
    }

    @GetMapping("/internal/inventory/expected/digests")
    public ShareInventory.Digests digests(@RequestParam String node, @RequestParam int buckets) {
        InventoryBuilder inventory = new InventoryBuilder(buckets, null);
        store.forEachExpectedShare(node, inventory);
        return inventory.digests();
    }

    @GetMapping("/internal/inventory/expected/entries")
    public ShareInventory.Entries entries(@RequestParam String node, @RequestParam int buckets, @RequestParam int bucket) {
        InventoryBuilder inventory = new InventoryBuilder(buckets, bucket);
        store.forEachExpectedShare(node, inventory);
        return inventory.entries();
    }
}
