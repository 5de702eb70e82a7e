package io.dsv.client;

import io.dsv.client.discovery.DiscoveredBaseUrl;
import io.dsv.client.discovery.ServiceLocator;
import io.dsv.core.domain.ErrorCode;
import io.dsv.core.domain.SecretId;
import io.dsv.core.protocol.VersionList;
import io.dsv.core.protocol.VersionView;
import java.time.Instant;
import java.util.Map;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;

import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** Lookups in metadata-service: which version a read wants and who holds it. */

public class MetadataClient implements org.springframework.beans.factory.DisposableBean {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(MetadataClient.class);

    private final RestClient http;
    private final ServiceLocator locator;
    private final HttpComponentsClientHttpRequestFactory factory;

    public MetadataClient(ClusterProperties properties, ServiceLocator locator, RestClient.Builder builder) {
        this.locator = locator;
        this.factory = PooledHttp.factory(properties.readTimeout());
        this.http = builder.clone().uriBuilderFactory(new DiscoveredBaseUrl(this::baseUrl))
                .requestFactory(factory).build();
    }

    /** metadata-service's address; 503 metadata_unavailable while neither configuration nor discovery has one. */
    public String baseUrl() {
        return locator.metadataUrl().orElseThrow(() -> new ApiException(ErrorCode.METADATA_UNAVAILABLE,
                "no metadata-service address is configured or discovered"));
    }

    /** The version to read: the latest, a given number, or the one valid at an instant. */
    public VersionView lookup(SecretId id, Long version, Instant at) {
        try {
            return http.get()
                    .uri(uri -> {
                        uri.path("/internal/secrets/{namespace}/{name}");
                        if (version != null) {
                            uri.queryParam("version", version);
                        }
                        if (at != null) {
                            uri.queryParam("at", at.toString());
                        }
                        return uri.build(Map.of("namespace", id.namespace(), "name", id.name()));
                    })
                    .retrieve()
                    .onStatus(HttpStatusCode::is4xxClientError, (request, response) -> {
                        throw clientError(response.getStatusCode(), notFound(id, version, at));
                    })
                    .body(VersionView.class);
        } catch (ApiException e) {
            throw e;
        } catch (RestClientException e) {
            throw unavailable();
        }
    }

    /** Every version of the key, newest first. */
    public VersionList versions(SecretId id) {
        try {
            return http.get()
                    .uri("/internal/secrets/{namespace}/{name}/versions", id.namespace(), id.name())
                    .retrieve()
                    .onStatus(HttpStatusCode::is4xxClientError, (request, response) -> {
                        throw clientError(response.getStatusCode(), notFound(id, null, null));
                    })
                    .body(VersionList.class);
        } catch (ApiException e) {
            throw e;
        } catch (RestClientException e) {
            throw unavailable();
        }
    }

    /** A token's record, or null when there is none; throws 503 when metadata does not answer. */
    public io.dsv.core.protocol.TokenRecord token(String id) {
        try {
            var response = http.get().uri("/internal/tokens/{id}", id).retrieve()
                    .onStatus(status -> status.value() == 404, (request, r) -> { })
                    .toEntity(io.dsv.core.protocol.TokenRecord.class);
            return response.getStatusCode().value() == 404 ? null : response.getBody();
        } catch (RestClientException e) {
            throw unavailable();
        }
    }

    @Override
    public void destroy() throws Exception {
        factory.destroy();
    }

    /** Calls metadata's internal API (tokens, audit) for the gateway's admin endpoints. */
    public RestClient raw() {
        return http;
    }

    private static ApiException notFound(SecretId id, Long version, Instant at) {
        if (version != null) {
            return new ApiException(ErrorCode.VERSION_NOT_FOUND, "secret " + id.name() + " has no version " + version);
        }
        if (at != null) {
            return new ApiException(ErrorCode.VERSION_NOT_FOUND, "secret " + id.name() + " had no version at " + at);
        }
        return new ApiException(ErrorCode.SECRET_NOT_FOUND, "secret " + id.name() + " does not exist");
    }

    /**
     * Only a 404 means "not found". Any other 4xx from metadata (an expired or refused service token's
     * 401/403, a request it could not parse) is this cluster's fault, not the client's: fail closed as
     * unavailable, never as an answer about the secret.
     */
    private static ApiException clientError(HttpStatusCode status, ApiException notFound) {
        if (status.value() == 404) {
            return notFound;
        }
        log.warn("Metadata refused an internal request with {}", status.value());
        return unavailable();
    }

    private static ApiException unavailable() {
        return new ApiException(ErrorCode.METADATA_UNAVAILABLE, "the metadata service did not answer");
    }
}
