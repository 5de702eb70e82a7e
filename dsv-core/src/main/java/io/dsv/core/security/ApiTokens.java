package io.dsv.core.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * API tokens: {@code dsv.<id>.<secret>}. The id finds the token's record; the secret (32 random
 * bytes) is never stored, only SHA-256(salt || secret) with a per-token random salt. A fast hash is
 * enough: the secret has 256 bits of entropy, so there is nothing to guess.
 */
public final class ApiTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Pattern FORMAT = Pattern.compile("dsv\\.([A-Za-z0-9_-]{16})\\.([A-Za-z0-9_-]{43})");

    private ApiTokens() {
    }

    /** A new token: what the holder gets once, and what is stored. */
    public record Issued(String token, String id, String salt, String hash) {
        @Override
        public String toString() {
            return "Issued[id=" + id + "]";
        }
    }

    /** A presented token split into its id and secret, or null when it is not one. */
    public record Presented(String id, String secret) {
        @Override
        public String toString() {
            return "Presented[id=" + id + "]";
        }
    }

    public static Issued issue() {
        byte[] id = new byte[12];
        byte[] secret = new byte[32];
        byte[] salt = new byte[16];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        RANDOM.nextBytes(salt);
        String idText = B64.encodeToString(id);
        String secretText = B64.encodeToString(secret);
        String saltText = B64.encodeToString(salt);
        return new Issued("dsv." + idText + "." + secretText, idText, saltText, hash(saltText, secretText));
    }

    public static Presented parse(String token) {
        if (token == null) {
            return null;
        }
        var matcher = FORMAT.matcher(token);
        return matcher.matches() ? new Presented(matcher.group(1), matcher.group(2)) : null;
    }

    /** Constant-time comparison of a presented secret with the stored hash. */
    public static boolean matches(Presented presented, String salt, String storedHash) {
        byte[] expected = storedHash.getBytes(StandardCharsets.US_ASCII);
        byte[] actual = hash(salt, presented.secret()).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }

    static String hash(String salt, String secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt.getBytes(StandardCharsets.US_ASCII));
            return B64.encodeToString(sha.digest(secret.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
