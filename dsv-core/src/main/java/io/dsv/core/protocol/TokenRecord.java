package io.dsv.core.protocol;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * An API token as metadata keeps it, for gateways to verify a presented token: never the token,
 * only its salted hash. {@code policies}: namespace (or *) → capability names.
 *
 * @param expiresAt when it stops working; null for the root token, which does not expire
 * @param parent    the id of the token that minted it; null for the root token
 */
public record TokenRecord(String id, String name, String salt, String hash, Map<String, Set<String>> policies,
                          boolean revoked, Instant expiresAt, String parent) {

    /** A token that never expires and has no parent: the root token, or one from before expiries. */
    public TokenRecord(String id, String name, String salt, String hash, Map<String, Set<String>> policies, boolean revoked) {
        this(id, name, salt, hash, policies, revoked, null, null);
    }

    public boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
