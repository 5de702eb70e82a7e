package io.dsv.core.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived service credentials for internal endpoints (shard nodes, metadata): {@code
 * <service>.<issuedAtMillis>.<HMAC-SHA256>} under a cluster key every service holds. A token is good
 * for {@link #LIFETIME}; the public gateway never forwards one, so its clients cannot reach them.
 */
public final class ServiceTokens {

    public static final String HEADER = "X-DSV-Service-Token";
    public static final Duration LIFETIME = Duration.ofSeconds(60);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final byte[] key;
    private final Clock clock;

    public ServiceTokens(byte[] key) {
        this(key, Clock.systemUTC());
    }

    public ServiceTokens(byte[] key, Clock clock) {
        if (key == null || key.length < 32) {
            throw new IllegalArgumentException("the cluster key must have at least 32 bytes");
        }
        this.key = key.clone();
        this.clock = clock;
    }

    public String issue(String service) {
        if (service == null || !service.matches("[a-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("service name must be 1-64 of [a-z0-9-]");
        }
        String body = service + "." + clock.millis();
        return body + "." + mac(body);
    }

    /** The service named by a valid, unexpired token, or null. */
    public String verify(String token) {
        if (token == null) {
            return null;
        }
        int last = token.lastIndexOf('.');
        int first = token.indexOf('.');
        if (first <= 0 || last <= first) {
            return null;
        }
        String body = token.substring(0, last);
        byte[] given = token.substring(last + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(given, mac(body).getBytes(StandardCharsets.US_ASCII))) {
            return null;
        }
        long issuedAt;
        try {
            issuedAt = Long.parseLong(body.substring(first + 1));
        } catch (NumberFormatException e) {
            return null;
        }
        long age = clock.millis() - issuedAt;
        return age >= -5_000 && age <= LIFETIME.toMillis() ? body.substring(0, first) : null;
    }

    private String mac(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return B64.encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
