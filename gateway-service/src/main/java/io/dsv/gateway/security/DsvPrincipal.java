package io.dsv.gateway.security;

import io.dsv.core.security.Policy;

/**
 * Who is calling: the token's id and name (the audit trail's actor), what it may do, and until when
 * (null: no end, the root token).
 */
public record DsvPrincipal(String tokenId, String name, Policy policy, java.time.Instant expiresAt) {

    public DsvPrincipal(String tokenId, String name, Policy policy) {
        this(tokenId, name, policy, null);
    }

    public String actor() {
        return name + "(" + tokenId + ")";
    }
}
