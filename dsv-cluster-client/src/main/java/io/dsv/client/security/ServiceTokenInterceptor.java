package io.dsv.client.security;

import io.dsv.core.security.ServiceTokens;
import java.io.IOException;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/** Signs every outgoing internal request; a token is re-issued well before it expires. */
public class ServiceTokenInterceptor implements ClientHttpRequestInterceptor {

    private final ServiceTokens tokens;
    private final String service;
    private volatile String token;
    private volatile long issuedAt;

    public ServiceTokenInterceptor(ServiceTokens tokens, String service) {
        this.tokens = tokens;
        this.service = service.toLowerCase().replaceAll("[^a-z0-9-]", "-");
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        long now = System.currentTimeMillis();
        if (token == null || now - issuedAt > ServiceTokens.LIFETIME.toMillis() / 2) {
            token = tokens.issue(service);
            issuedAt = now;
        }
        request.getHeaders().set(ServiceTokens.HEADER, token);
        return execution.execute(request, body);
    }
}
