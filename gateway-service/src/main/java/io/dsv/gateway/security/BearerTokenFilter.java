package io.dsv.gateway.security;

import io.dsv.client.ApiException;
import io.dsv.core.domain.ErrorCode;
import io.dsv.core.security.Policy;
import io.dsv.gateway.api.ProblemWriter;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <token>} on the public API (401 without a valid one),
 * then applies the token's rate limit (429 with Retry-After). In {@code dsv.auth.mode=none} every
 * caller is the anonymous root: the seed's unauthenticated mode, for demos only.
 */
public class BearerTokenFilter extends OncePerRequestFilter {

    private static final DsvPrincipal ANONYMOUS = new DsvPrincipal("none", "anonymous", Policy.root());

    private final TokenAuthenticator authenticator;
    private final JwtAuthenticator jwts;
    private final RateLimiterRegistry limiters;
    private final FailedAuthentications failures;
    private final boolean authenticate;

    public BearerTokenFilter(TokenAuthenticator authenticator, JwtAuthenticator jwts, RateLimiterRegistry limiters,
                             boolean authenticate) {
        this.authenticator = authenticator;
        this.jwts = jwts;
        this.limiters = limiters;
        this.failures = new FailedAuthentications(limiters.getConfiguration("per-address-failures")
                .orElseGet(limiters::getDefaultConfig));
        this.authenticate = authenticate;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        DsvPrincipal principal;
        if (!authenticate) {
            principal = ANONYMOUS;
        } else {
            String header = request.getHeader("Authorization");
            String bearer = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
            try {
                if (bearer == null) {
                    principal = null;
                } else if (bearer.startsWith("dsv.") || !jwts.enabled()) {
                    principal = authenticator.authenticate(bearer, failures.mayLookUp(request.getRemoteAddr()));
                } else {
                    principal = jwts.authenticate(bearer);
                }
            } catch (ApiException e) {
                if (e.code() == ErrorCode.RATE_LIMITED) {
                    response.setHeader("Retry-After", "1");
                }
                ProblemWriter.write(response, e.code(), e.getMessage(), null);
                return;
            }
            if (principal == null) {
                failures.failed(request.getRemoteAddr());
                response.setHeader("WWW-Authenticate", "Bearer");
                ProblemWriter.write(response, ErrorCode.UNAUTHORIZED,
                        bearer == null ? "an Authorization: Bearer token is required" : "the token is not valid", null);
                return;
            }
            RateLimiter limiter = limiters.rateLimiter("token-" + principal.tokenId(), "per-token");
            if (!limiter.acquirePermission()) {
                long seconds = Math.max(1, limiter.getRateLimiterConfig().getLimitRefreshPeriod().toSeconds());
                response.setHeader("Retry-After", Long.toString(seconds));
                ProblemWriter.write(response, ErrorCode.RATE_LIMITED, "too many requests for this token; retry after "
                        + seconds + " s", null);
                return;
            }
        }
        SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken(principal, null,
                List.of(new SimpleGrantedAuthority("ROLE_CLIENT"))));
        chain.doFilter(request, response);
    }
}
