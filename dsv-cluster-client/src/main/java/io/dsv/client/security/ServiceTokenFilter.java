package io.dsv.client.security;

import io.dsv.core.security.ServiceTokens;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/** Refuses internal requests without a valid service token: 401, and nothing is looked up. */
public class ServiceTokenFilter extends OncePerRequestFilter {

    private final ServiceTokens tokens;

    public ServiceTokenFilter(ServiceTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (tokens.verify(request.getHeader(ServiceTokens.HEADER)) == null) {
            response.setStatus(401);
            response.setContentType("application/problem+json");
            response.getWriter().write("{\"type\":\"https://dsv.dev/problems/unauthorized\",\"title\":\"Unauthorized\","
                    + "\"status\":401,\"detail\":\"internal endpoints need a service token\",\"code\":\"unauthorized\"}");
            return;
        }
        chain.doFilter(request, response);
    }
}
