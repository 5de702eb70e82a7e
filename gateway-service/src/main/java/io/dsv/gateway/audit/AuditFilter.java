package io.dsv.gateway.audit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Wraps every public API request, before authentication: gives it a request id ({@code X-Request-Id},
 * or a new one) and records its outcome in the audit trail, whether it was refused (401, 400, 429)
 * or served.
 */
public class AuditFilter extends OncePerRequestFilter {

    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final AuditTrail trail;

    public AuditFilter(AuditTrail trail) {
        this.trail = trail;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String given = request.getHeader("X-Request-Id");
        if (given != null && REQUEST_ID.matcher(given).matches()) {
            request.setAttribute(AuditTrail.REQUEST_ID, given);
        }
        response.setHeader("X-Request-Id", AuditTrail.requestId(request));
        try {
            chain.doFilter(request, response);
        } finally {
            trail.outcome(request, response.getStatus());
        }
    }
}
