package io.dsv.gateway.security;

import io.dsv.client.MetadataClient;
import io.dsv.core.protocol.TokenRecord;
import io.dsv.core.security.ApiTokens;
import io.dsv.core.security.Capability;
import io.dsv.core.security.Policy;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Turns a presented bearer token into a principal: its record comes from metadata (cached for a few
 * seconds, so a revocation takes effect within that time) and its secret must match the salted hash.
 */
@Component
public class TokenAuthenticator {

    private static final long CACHE_MILLIS = 3_000;

    private final MetadataClient metadata;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public TokenAuthenticator(MetadataClient metadata) {
        this.metadata = metadata;
    }

    /** The principal, or null when the token is malformed, unknown, revoked or wrong. */
    public DsvPrincipal authenticate(String bearer) {
        ApiTokens.Presented presented = ApiTokens.parse(bearer);
        if (presented == null) {
            return null;
        }
        TokenRecord record = record(presented.id());
        if (record == null || record.revoked() || !ApiTokens.matches(presented, record.salt(), record.hash())) {
            return null;
        }
        return new DsvPrincipal(record.id(), record.name(), policy(record.policies()));
    }

    public void forget(String tokenId) {
        cache.remove(tokenId);
    }

    private TokenRecord record(String id) {
        long now = System.currentTimeMillis();
        Cached cached = cache.get(id);
        if (cached != null && now - cached.at() < CACHE_MILLIS) {
            return cached.record();
        }
        TokenRecord record = metadata.token(id);
        cache.put(id, new Cached(record, now));
        if (cache.size() > 10_000) {
            cache.entrySet().removeIf(e -> now - e.getValue().at() > CACHE_MILLIS);
        }
        return record;
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
