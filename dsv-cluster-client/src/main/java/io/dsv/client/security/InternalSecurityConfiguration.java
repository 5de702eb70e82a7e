package io.dsv.client.security;

import io.dsv.core.security.ServiceTokens;
import java.util.Base64;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Internal traffic between services carries a short-lived service token signed with the cluster key
 * ({@code dsv.internal.key}, base64, at least 32 bytes). Every service's outgoing RestClients sign;
 * every {@code /internal/**} endpoint refuses a request without a valid token.
 */
@Configuration(proxyBeanMethods = false)
@org.springframework.context.annotation.Import(io.dsv.client.ops.OperationsConfiguration.class)
public class InternalSecurityConfiguration {

    @Bean
    ServiceTokens serviceTokens(@Value("${dsv.internal.key:}") String key) {
        if (key.isBlank()) {
            throw new IllegalStateException("dsv.internal.key is not set: every service needs the cluster key"
                    + " (base64 of at least 32 random bytes; dsv-local generates one in .dsv/internal.key)");
        }
        return new ServiceTokens(Base64.getDecoder().decode(key.trim()));
    }

    @Bean
    FilterRegistrationBean<ServiceTokenFilter> serviceTokenFilter(ServiceTokens tokens) {
        FilterRegistrationBean<ServiceTokenFilter> registration = new FilterRegistrationBean<>(new ServiceTokenFilter(tokens));
        registration.addUrlPatterns("/internal/*");
        registration.setOrder(-200);
        return registration;
    }

    @Bean
    RestClientCustomizer serviceTokenSigner(ServiceTokens tokens, @Value("${spring.application.name:dsv}") String service) {
        ServiceTokenInterceptor interceptor = new ServiceTokenInterceptor(tokens, service);
        return builder -> builder.requestInterceptor(interceptor);
    }
}
