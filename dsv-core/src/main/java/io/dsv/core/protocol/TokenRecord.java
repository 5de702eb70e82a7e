package io.dsv.core.protocol;

import java.util.Map;
import java.util.Set;

/**
 * An API token as metadata keeps it, for gateways to verify a presented token: never the token,
 * only its salted hash. {@code policies}: namespace (or *) → capability names.
 */
public record TokenRecord(String id, String name, String salt, String hash, Map<String, Set<String>> policies,
                          boolean revoked) {
}
