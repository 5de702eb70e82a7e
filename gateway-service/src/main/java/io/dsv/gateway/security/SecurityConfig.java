package io.dsv.gateway.security;

import io.dsv.core.domain.ErrorCode;
import io.dsv.gateway.api.ProblemWriter;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * Spring Security for the public API: stateless, bearer tokens ({@link BearerTokenFilter}), every
 * {@code /api/**} request authenticated, per-namespace checks in the endpoints ({@link AccessGuard}).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);

    @Bean
    SecurityFilterChain api(HttpSecurity http, TokenAuthenticator authenticator, JwtAuthenticator jwts,
                            RateLimiterRegistry limiters,
                            @Value("${dsv.auth.mode:token}") String mode) throws Exception {
        boolean authenticate = !"none".equalsIgnoreCase(mode);
        if (!authenticate) {
            log.warn("*******************************************************************************");
            log.warn("dsv.auth.mode=none: THE API IS UNAUTHENTICATED. Anyone who reaches this gateway");
            log.warn("can read, write and delete every secret. Use it for demos only, never in production.");
            log.warn("*******************************************************************************");
        }
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(c -> c.disable())
                .addFilterBefore(new BearerTokenFilter(authenticator, jwts, limiters, authenticate), AuthorizationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/api/**").authenticated()
                        .requestMatchers("/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").permitAll()
                        .anyRequest().permitAll())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) ->
                                ProblemWriter.write(response, ErrorCode.UNAUTHORIZED, "an Authorization: Bearer token is required", null))
                        .accessDeniedHandler((request, response, ex) ->
                                ProblemWriter.write(response, ErrorCode.FORBIDDEN, "forbidden", null)));
        return http.build();
    }
}
