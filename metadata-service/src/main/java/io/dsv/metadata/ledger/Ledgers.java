package io.dsv.metadata.ledger;

import io.dsv.client.kafka.TxPartitions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The partitions this metadata instance owns now, across its consumers: look-ups and rebalancing
 * find a key's ledger here, and answer only when the partition is owned and caught up.
 */
@Component
public class Ledgers {

    private final Map<Integer, PartitionLedger> owned = new ConcurrentHashMap<>();

    void add(PartitionLedger ledger) {
        owned.put(ledger.partition(), ledger);
    }

    /** Removes this ledger, not one that another consumer of this instance took the partition with since. */
    void remove(PartitionLedger ledger) {
        owned.remove(ledger.partition(), ledger);
    }

    /** The ledger of the key's partition, if this instance owns it and has caught up with its log. */
    public Optional<PartitionLedger> readyFor(String namespace, String name) {
        PartitionLedger ledger = owned.get(TxPartitions.of(namespace + "/" + name));
        return ledger != null && ledger.ready() ? Optional.of(ledger) : Optional.empty();
    }

    /** Partitions owned and caught up, in order. */
    public List<Integer> readyPartitions() {
        return owned.values().stream().filter(PartitionLedger::ready).map(PartitionLedger::partition).sorted().toList();
    }
}
