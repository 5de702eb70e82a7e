package io.dsv.gateway.env;

import io.dsv.client.ApiException;
import io.dsv.core.domain.ErrorCode;
import io.dsv.gateway.security.AccessGuard;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import org.springframework.stereotype.Component;

/**
 * Each {@code secret()} reference in a .env file is a read: one file must not buy a hundred reads for
 * the price of one request. The references are charged to the caller's own per-token limiter (the one
 * {@code BearerTokenFilter} charged for the request itself); 429 when it has not that many permits left.
 */
@Component
public class ReferenceCharge {

    private final RateLimiterRegistry limiters;
    private final AccessGuard guard;

    public ReferenceCharge(RateLimiterRegistry limiters, AccessGuard guard) {
        this.limiters = limiters;
        this.guard = guard;
    }

    public void references(int count) {
        if (count == 0) {
            return;
        }
        RateLimiter limiter = limiters.rateLimiter("token-" + guard.current().tokenId(), "per-token");
        if (count > limiter.getRateLimiterConfig().getLimitForPeriod() || !limiter.acquirePermission(count)) {
            throw new ApiException(ErrorCode.RATE_LIMITED, "the .env file's " + count + " secret() references are more"
                    + " reads than this token may make now; retry later");
        }
    }
}
