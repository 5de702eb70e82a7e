package io.dsv.gateway.audit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Wraps every public API request, before authentication: gives it a request id ({@code X-Request-Id},
 * or a new one) and records its outcome in the audit trail, whether it was refused (401, 400, 429)
 * or served.
 */
public class AuditFilter extends OncePerRequestFilter {

    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final AuditTrail trail;
    private final MeterRegistry meters;

    public AuditFilter(AuditTrail trail, MeterRegistry meters) {
        this.trail = trail;
        this.meters = meters;
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
        String requestId = AuditTrail.requestId(request);
        response.setHeader("X-Request-Id", requestId);
        long start = System.nanoTime();
        MDC.put("requestId", requestId);                 // every log line of the request carries it
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("requestId");
            trail.outcome(request, response.getStatus());
            Object operation = request.getAttribute(AuditTrail.OPERATION);
            Timer.builder("dsv.api.latency").description("public API latency per operation")
                    .tag("operation", operation == null ? "refused" : operation.toString())
                    .tag("status", (response.getStatus() / 100) + "xx")
                    .register(meters).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }
}
