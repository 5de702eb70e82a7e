package io.dsv.core.domain;

import java.util.regex.Pattern;

/**
 * A secret's identity. Both parts are 1-128 characters of [A-Za-z0-9._-], checked here so that no
 * invalid name gets past the edge. {@link #key()} is the Kafka record key and the ring key.
 */
public record SecretId(String namespace, String name) {

    public static final int MAX_LENGTH = 128;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");

    public SecretId {
        validate("namespace", namespace);
        validate("name", name);
    }

    /** namespace/name: '/' cannot occur in either part, so the key is unambiguous. */
    public String key() {
        return namespace + "/" + name;
    }

    /** Why {@code value} is not a valid namespace or name, or null when it is. */
    public static String problemWith(String value) {
        if (value == null || value.isEmpty()) {
            return "must not be empty";
        }
        if (value.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters, got " + value.length();
        }
        if (!ALLOWED.matcher(value).matches()) {
            return "may contain only letters, digits, '.', '_' and '-'";
        }
        if (value.chars().allMatch(c -> c == '.')) {
            // "." and ".." are path segments to every HTTP stack: such a secret could never be read or deleted.
            return "must not consist of dots only";
        }
        return null;
    }

    private static void validate(String field, String value) {
        String problem = problemWith(value);
        if (problem != null) {
            throw new InvalidSecretIdException(field, problem);
        }
    }

    @Override
    public String toString() {
        return key();
    }
}
