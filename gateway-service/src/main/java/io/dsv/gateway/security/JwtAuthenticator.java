package io.dsv.gateway.security;

import io.dsv.core.security.Capability;
import io.dsv.core.security.Policy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.Resource;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Component;

/**
 * Optional JWTs (Spring Security's OAuth2 resource server decoder): signature by the configured key
 * or JWK set, expiry (required: a JWT without {@code exp} is refused), issuer and audience checked. The token's grants are its {@code dsv_policies}
 * claim, e.g. {@code {"team-a": ["read", "write"]}}; a JWT without it may do nothing.
 */
@Component
public class JwtAuthenticator {

    public static final String POLICIES_CLAIM = "dsv_policies";

    private final JwtDecoder decoder;

    public JwtAuthenticator(@Value("${dsv.auth.jwt.enabled:false}") boolean enabled,
                            @Value("${dsv.auth.jwt.issuer:}") String issuer,
                            @Value("${dsv.auth.jwt.audience:}") String audience,
                            @Value("${dsv.auth.jwt.public-key-location:}") Resource publicKey,
                            @Value("${dsv.auth.jwt.jwk-set-uri:}") String jwkSetUri) {
        if (!enabled) {
            this.decoder = null;
            return;
        }
        if (issuer.isBlank() || audience.isBlank()) {
            throw new IllegalStateException("dsv.auth.jwt.enabled needs dsv.auth.jwt.issuer and dsv.auth.jwt.audience");
        }
        NimbusJwtDecoder nimbus = !jwkSetUri.isBlank()
                ? NimbusJwtDecoder.withJwkSetUri(jwkSetUri).build()
                : NimbusJwtDecoder.withPublicKey(readKey(publicKey)).build();
        OAuth2TokenValidator<Jwt> audienceCheck = new JwtClaimValidator<Collection<String>>("aud",
                aud -> aud != null && aud.contains(audience));
        // the default validators check exp only when present: a token without one would never expire
        OAuth2TokenValidator<Jwt> expiryRequired = new JwtClaimValidator<Object>("exp", java.util.Objects::nonNull);
        nimbus.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer),
                audienceCheck, expiryRequired));
        this.decoder = nimbus;
    }

    public boolean enabled() {
        return decoder != null;
    }

    /** The principal of a valid JWT, or null. */
    public DsvPrincipal authenticate(String token) {
        if (decoder == null) {
            return null;
        }
        try {
            Jwt jwt = decoder.decode(token);
            String id = "jwt-" + (jwt.getId() != null ? jwt.getId() : jwt.getSubject());
            return new DsvPrincipal(id, "jwt:" + jwt.getSubject(), policy(jwt.getClaim(POLICIES_CLAIM)), jwt.getExpiresAt());
        } catch (JwtException | IllegalArgumentException e) {
            return null;
        }
    }

    private static Policy policy(Object claim) {
        Map<String, Set<Capability>> grants = new HashMap<>();
        if (claim instanceof Map<?, ?> map) {
            map.forEach((namespace, capabilities) -> {
                EnumSet<Capability> set = EnumSet.noneOf(Capability.class);
                List<?> list = capabilities instanceof List<?> l ? l : new ArrayList<>();
                for (Object capability : list) {
                    set.add(Capability.valueOf(String.valueOf(capability).toUpperCase(Locale.ROOT)));
                }
                grants.put(String.valueOf(namespace), set);
            });
        }
        return new Policy(grants);
    }

    private static RSAPublicKey readKey(Resource pem) {
        if (pem == null || !pem.exists()) {
            throw new IllegalStateException("dsv.auth.jwt needs public-key-location (a PEM file) or jwk-set-uri");
        }
        try {
            String text = pem.getContentAsString(StandardCharsets.US_ASCII)
                    .replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(text)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("dsv.auth.jwt.public-key-location is not an RSA public key", e);
        }
    }
}
