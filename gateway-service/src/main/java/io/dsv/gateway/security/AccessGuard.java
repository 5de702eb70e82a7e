package io.dsv.gateway.security;

import io.dsv.client.ApiException;
import io.dsv.core.domain.ErrorCode;
import io.dsv.core.security.Capability;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The per-namespace check every endpoint makes before it looks anything up: 403 when the token may
 * not do this in that namespace, so a refusal says nothing about what exists there.
 */
@Component
public class AccessGuard {

    public DsvPrincipal current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !(auth.getPrincipal() instanceof DsvPrincipal principal)) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "an Authorization: Bearer token is required");
        }
        return principal;
    }

    /**
     * An Idempotency-Key as recorded: scoped to the calling token, so another token that sends the same
     * key starts its own request instead of replaying (or learning about) this one's.
     */
    public String scopedIdempotencyKey(String key) {
        return key == null ? null : current().tokenId() + "/" + key;
    }

    public DsvPrincipal require(String namespace, Capability capability) {
        DsvPrincipal principal = current();
        if (!principal.policy().allows(namespace, capability)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "this token may not " + capability.name().toLowerCase()
                    + " in namespace " + namespace, "user");
        }
        return principal;
    }
}
