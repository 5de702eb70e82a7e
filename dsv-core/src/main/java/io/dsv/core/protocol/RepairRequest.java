package io.dsv.core.protocol;

import java.util.List;

/**
 * On {@code dsv.repair}: the shares of this version on these holders did not answer a read (or an
 * anti-entropy sweep found them missing). Rebuild each at its own x-coordinate; the version and the
 * healthy shares do not change. {@code txId} is the version's writing transaction.
 */
public record RepairRequest(String txId, String namespace, String name, long version, List<Holder> missing,
                            String requestedBy) implements Message {
}
