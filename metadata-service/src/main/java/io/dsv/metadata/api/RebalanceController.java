package io.dsv.metadata.api;

import io.dsv.core.protocol.Holder;
import io.dsv.core.protocol.VersionView;
import io.dsv.metadata.saga.TransactionLedger;
import io.dsv.metadata.store.MetadataStore;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** For repair-service's rebalancing: every readable version, and recording a version's new holders. */
@RestController
public class RebalanceController {

    private final MetadataStore store;
    private final TransactionLedger ledger;

    public RebalanceController(MetadataStore store, TransactionLedger ledger) {
        this.store = store;
        this.ledger = ledger;
    }

    @GetMapping("/internal/inventory/versions")
    public List<VersionView> readableVersions() {
        return store.readableVersions().stream().map(VersionViews::of).toList();
    }

    @PutMapping("/internal/secrets/{namespace}/{name}/versions/{version}/holders")
    public ResponseEntity<Void> moveHolders(@PathVariable String namespace, @PathVariable String name,
                                            @PathVariable long version, @RequestBody List<Holder> holders) {
        return ledger.moveHolders(namespace, name, version, holders)
                ? ResponseEntity.noContent().build()
                : ResponseEntity.status(409).build();
    }
}
