package io.dsv.gateway.security;

import io.dsv.client.ApiException;
import io.dsv.client.MetadataClient;
import io.dsv.core.domain.ErrorCode;
import io.dsv.core.protocol.TokenRecord;
import io.dsv.core.security.ApiTokens;
import io.dsv.core.security.Capability;
import io.dsv.core.security.Policy;
import java.util.EnumSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Turns a presented bearer token into a principal: its record comes from metadata (cached for a few
 * seconds, so a revocation takes effect within that time), its secret must match the salted hash, and
 * it must not have expired (checked on every request, cached or not).
 * Known and unknown token ids are cached apart, each bounded (least recently used go first), so a
 * flood of made-up ids churns only the unknown ones and never pushes a real token out.
 */
@Component
public class TokenAuthenticator {

    private static final long CACHE_MILLIS = 3_000;
    static final int MAX_CACHED = 10_000;

    private final MetadataClient metadata;
    private final Map<String, Cached> known = bounded();
    private final Map<String, Cached> unknown = bounded();

    public TokenAuthenticator(MetadataClient metadata) {
        this.metadata = metadata;
    }

    /** The principal, or null when the token is malformed, unknown, revoked or wrong. */
    public DsvPrincipal authenticate(String bearer) {
        return authenticate(bearer, true);
    }

    /**
     * As {@link #authenticate(String)}; with {@code mayLookUp} false a token not cached is not looked up
     * in metadata and the call fails with 429 instead.
     */
    public DsvPrincipal authenticate(String bearer, boolean mayLookUp) {
        ApiTokens.Presented presented = ApiTokens.parse(bearer);
        if (presented == null) {
            return null;
        }
        TokenRecord record = record(presented.id(), mayLookUp);
        if (record == null || record.revoked() || record.expired(java.time.Instant.now())
                || !ApiTokens.matches(presented, record.salt(), record.hash())) {
            return null;
        }
        return new DsvPrincipal(record.id(), record.name(), policy(record.policies()), record.expiresAt());
    }

    public void forget(String tokenId) {
        known.remove(tokenId);
        unknown.remove(tokenId);
    }

    int cached() {
        return known.size() + unknown.size();
    }

    private TokenRecord record(String id, boolean mayLookUp) {
        long now = System.currentTimeMillis();
        Cached cached = known.get(id);
        if (cached == null) {
            cached = unknown.get(id);
        }
        if (cached != null && now - cached.at() < CACHE_MILLIS) {
            return cached.record();
        }
        if (!mayLookUp) {
            throw new ApiException(ErrorCode.RATE_LIMITED, "too many failed authentications from this address;"
                    + " retry later");
        }
        TokenRecord record = metadata.token(id);
        (record == null ? unknown : known).put(id, new Cached(record, now));
        (record == null ? known : unknown).remove(id);
        return record;
    }

    private static Map<String, Cached> bounded() {
        return Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > MAX_CACHED;
            }
        });
    }

    static Policy policy(Map<String, Set<String>> grants) {
        Map<String, Set<Capability>> parsed = new HashMap<>();
        grants.forEach((namespace, capabilities) -> {
            EnumSet<Capability> set = EnumSet.noneOf(Capability.class);
            capabilities.forEach(c -> set.add(Capability.valueOf(c)));
            parsed.put(namespace, set);
        });
        return new Policy(parsed);
    }

    private record Cached(TokenRecord record, long at) {
    }
}
