package io.dsv.gateway.api;

import io.dsv.core.domain.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request body larger than {@code dsv.gateway.max-request-bytes} (default 1 MiB) with 413
 * before anything reads it. A body without a declared length is cut off by Tomcat's own limits and
 * the JSON reader, and answered with 400.
 */
@Configuration(proxyBeanMethods = false)
public class RequestSizeLimit {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> requestSizeFilter(@Value("${dsv.gateway.max-request-bytes:1048576}") long limit) {
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (request.getContentLengthLong() > limit) {
                    ProblemWriter.write(response, ErrorCode.PAYLOAD_TOO_LARGE, "the request body is larger than "
                            + limit + " bytes", null);
                    return;
                }
                chain.doFilter(request, response);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/api/*");
        registration.setOrder(-140);
        return registration;
    }
}
