package io.dsv.gateway.security;

import io.dsv.core.security.Policy;

/** Who is calling: the token's id and name (the audit trail's actor) and what it may do. */
public record DsvPrincipal(String tokenId, String name, Policy policy) {

    public String actor() {
        return name + "(" + tokenId + ")";
    }
}
