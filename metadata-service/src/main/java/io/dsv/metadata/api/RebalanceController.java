package io.dsv.metadata.api;

import io.dsv.core.protocol.Holder;
import io.dsv.core.protocol.VersionView;
import io.dsv.metadata.ledger.Ledgers;
import io.dsv.metadata.ledger.PartitionLedger;
import io.dsv.metadata.store.MetadataStore;
import java.util.List;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * For repair-service's rebalancing: every readable version (from Cassandra, any instance), and recording
 * a version's new holders (by the key's owner, so that it never interleaves with the key's decisions).
 */
@RestController
public class RebalanceController {

    private final MetadataStore store;
    private final Ledgers ledgers;

    public RebalanceController(MetadataStore store, Ledgers ledgers) {
        this.store = store;
        this.ledgers = ledgers;
    }

    @GetMapping("/internal/inventory/versions")
    public List<VersionView> readableVersions() {
        return store.readableVersions().stream().map(VersionViews::of).toList();
    }

    @PutMapping("/internal/secrets/{namespace}/{name}/versions/{version}/holders")
    public ResponseEntity<?> moveHolders(@PathVariable String namespace, @PathVariable String name,
                                         @PathVariable long version, @RequestBody List<Holder> holders) {
        Optional<PartitionLedger> ledger = ledgers.readyFor(namespace, name);
        if (ledger.isEmpty()) {
            return LookupController.notOwner();
        }
        return ledger.get().moveHolders(namespace, name, version, holders)
                ? ResponseEntity.noContent().build()
                : ResponseEntity.status(409).build();
    }
}
