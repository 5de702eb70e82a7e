package io.dsv.gateway.api;

/** The seed API's request bodies; field names are the seed's, so existing clients work unchanged. */
public final class SecretRequests {

    private SecretRequests() {
    }

    public record Create(String user, String secretName, String secretValue) {
    }

    public record Update(String user, String secretCurrentName, String secretUpdatedValue) {
    }

    public record Delete(String user, String deleteName) {
    }

    public record VersionResponse(long version) {
    }
}
