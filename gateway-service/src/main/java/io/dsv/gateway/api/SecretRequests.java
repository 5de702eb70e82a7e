package io.dsv.gateway.api;

/**
 * The seed API's request bodies; field names are the seed's, so existing clients work unchanged. A
 * body that carries a value never prints it: a record's own {@code toString} would, in any log line or
 * exception message that mentions the request.
 */
public final class SecretRequests {

    private SecretRequests() {
    }

    public record Create(String user, String secretName, String secretValue) {
        @Override
        public String toString() {
            return "Create[user=" + user + ", secretName=" + secretName + ", secretValue=" + redacted(secretValue) + "]";
        }
    }

    public record Update(String user, String secretCurrentName, String secretUpdatedValue) {
        @Override
        public String toString() {
            return "Update[user=" + user + ", secretCurrentName=" + secretCurrentName + ", secretUpdatedValue="
                    + redacted(secretUpdatedValue) + "]";
        }
    }

    public record Delete(String user, String deleteName) {
    }

    public record VersionResponse(long version) {
    }

    /** What a value may show of itself: whether there is one. */
    public static String redacted(String value) {
        return value == null ? "null" : "(redacted)";
    }
}
