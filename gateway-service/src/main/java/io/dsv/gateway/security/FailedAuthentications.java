package io.dsv.gateway.security;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failed authentications per client address, limited before a token is looked up: an address that
 * spent its budget (config {@code per-address-failures}) gets 429 for any token that would need a
 * look-up in metadata, while tokens already known are still answered from memory. So a flood of
 * made-up tokens costs metadata nothing past the budget and leaves real callers fast, even behind the
 * same address. The addresses kept are bounded (least recently seen go first).
 */
final class FailedAuthentications {

    static final int MAX_ADDRESSES = 10_000;

    private final RateLimiterConfig config;
    private final Map<String, RateLimiter> byAddress = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RateLimiter> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    FailedAuthentications(RateLimiterConfig config) {
        this.config = config;
    }

    /** Whether this address may still have a token looked up. */
    synchronized boolean mayLookUp(String address) {
        RateLimiter limiter = byAddress.get(address);
        return limiter == null || limiter.getMetrics().getAvailablePermissions() > 0;
    }

    /** One more failure from this address. */
    synchronized void failed(String address) {
        byAddress.computeIfAbsent(address, a -> RateLimiter.of("failed-auth-" + a, config)).acquirePermission();
    }

    synchronized int addresses() {
        return byAddress.size();
    }
}
