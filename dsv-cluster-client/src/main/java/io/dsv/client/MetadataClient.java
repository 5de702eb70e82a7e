package io.dsv.client;

import io.dsv.client.discovery.DiscoveredBaseUrl;
import io.dsv.client.discovery.ServiceLocator;
import io.dsv.client.kafka.TxPartitions;
import io.dsv.core.domain.ErrorCode;
import io.dsv.core.domain.SecretId;
import io.dsv.core.protocol.Holder;
import io.dsv.core.protocol.TokenRecord;
import io.dsv.core.protocol.VersionList;
import io.dsv.core.protocol.VersionView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Calls to metadata-service. What concerns one key goes to the owner of the key's partition, which
 * answers from memory (design §5.1); tokens and the admin calls go to any instance that answers.
 * Only a 404 is "not found": any other refusal (an expired service token's 401, a request metadata
 * could not parse) fails closed as 503 metadata_unavailable, never as an answer about a secret.
 */
public class MetadataClient implements org.springframework.beans.factory.DisposableBean {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(MetadataClient.class);

    private final RestClient http;
    private final HttpComponentsClientHttpRequestFactory factory;
    private final MetadataRoutes routes;
    private final Duration patience;

    public MetadataClient(ClusterProperties properties, ServiceLocator locator, RestClient.Builder builder) {
        this.factory = PooledHttp.factory(properties.readTimeout());
        this.http = builder.clone().requestFactory(factory).build();
        this.routes = new MetadataRoutes(locator, builder, Duration.ofSeconds(1));
        this.patience = properties.readTimeout().plusSeconds(1);
    }

    /** A metadata instance that answers (for calls any instance can serve); 503 when none is known. */
    public String baseUrl() {
        List<String> instances = routes.instances();
        if (instances.isEmpty()) {
            throw new ApiException(ErrorCode.METADATA_UNAVAILABLE, "no metadata-service address is configured or discovered");
        }
        return instances.get(0);
    }

    /** The version to read: the latest, a given number, or the one valid at an instant. */
    public VersionView lookup(SecretId id, Long version, Instant at) {
        return owned(id, base -> {
            UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(base)
                    .path("/internal/secrets/{namespace}/{name}");
            if (version != null) {
                uri.queryParam("version", version);
            }
            if (at != null) {
                uri.queryParam("at", at.toString());
            }
            return call(HttpMethod.GET, uri.buildAndExpand(id.namespace(), id.name()).encode().toUriString(), null,
                    VersionView.class, 404, notFound(id, version, at));
        });
    }

    /** Every version of the key, newest first. */
    public VersionList versions(SecretId id) {
        return owned(id, base -> call(HttpMethod.GET, UriComponentsBuilder.fromUriString(base)
                .path("/internal/secrets/{namespace}/{name}/versions").buildAndExpand(id.namespace(), id.name())
                .encode().toUriString(), null, VersionList.class, 404, notFound(id, null, null)));
    }

    /** Rebalancing: records a version's new holders; false when the version is no longer readable. */
    public boolean moveHolders(SecretId id, long version, List<Holder> holders) {
        try {
            owned(id, base -> call(HttpMethod.PUT, UriComponentsBuilder.fromUriString(base)
                    .path("/internal/secrets/{namespace}/{name}/versions/{version}/holders")
                    .buildAndExpand(id.namespace(), id.name(), version).encode().toUriString(), holders, Void.class,
                    409, new ApiException(ErrorCode.VERSION_NOT_FOUND, "no such version")));
            return true;
        } catch (ApiException e) {
            if (e.code() == ErrorCode.VERSION_NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /** A token's record, or null when there is none; 503 when no metadata instance answers. */
    public TokenRecord token(String id) {
        for (String base : routes.instances()) {
            try {
                return http.get().uri(base + "/internal/tokens/{id}", id).exchange((request, response) -> {
                    int status = response.getStatusCode().value();
                    if (status == 404) {
                        return null;
                    }
                    if (response.getStatusCode().is2xxSuccessful()) {
                        return response.bodyTo(TokenRecord.class);
                    }
                    throw new Misdirected();                          // refused or failed: not an answer about the token
                });
            } catch (Misdirected | RestClientException e) {
                routes.refresh(false);                               // try the next instance
            }
        }
        throw unavailable();
    }

    /** Calls metadata's internal API (tokens, audit, inventory) on an instance that answers. */
    public RestClient raw() {
        return http.mutate().uriBuilderFactory(new DiscoveredBaseUrl(this::baseUrl)).build();
    }

    @Override
    public void destroy() throws Exception {
        routes.close();
        factory.destroy();
    }

    /**
     * Runs {@code call} against the owner of the key's partition, finding the owner again when the one
     * asked does not own it (421) or does not answer, until the patience runs out.
     */
    private <T> T owned(SecretId id, Function<String, T> call) {
        int partition = TxPartitions.of(id.key());
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            String owner = routes.owner(partition);
            if (owner != null) {
                try {
                    return call.apply(owner);
                } catch (Misdirected | RestClientException e) {
                    routes.refresh(true);
                }
            }
            if (System.nanoTime() > deadline) {
                throw unavailable();
            }
            pause();
        }
    }

    /** @param absentStatus the one status that means "no such thing" for this call; every other refusal fails closed */
    private <T> T call(HttpMethod method, String url, Object body, Class<T> type, int absentStatus, ApiException notFound) {
        RestClient.RequestBodySpec request = http.method(method).uri(java.net.URI.create(url));
        if (body != null) {
            request.contentType(org.springframework.http.MediaType.APPLICATION_JSON).body(body);
        }
        return request.exchange((req, response) -> {
            int status = response.getStatusCode().value();
            if (status == 421) {
                throw new Misdirected();
            }
            if (status == absentStatus) {
                throw notFound;
            }
            if (response.getStatusCode().is2xxSuccessful()) {
                return type == Void.class ? null : response.bodyTo(type);
            }
            if (response.getStatusCode().is4xxClientError()) {
                log.warn("Metadata refused an internal request with {}", status);
                throw unavailable();
            }
            throw new Misdirected();                                 // 5xx: ask again, maybe elsewhere
        });
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        }
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

    private static ApiException unavailable() {
        return new ApiException(ErrorCode.METADATA_UNAVAILABLE, "the metadata service did not answer");
    }

    /** The instance asked does not own the key's partition now (or failed): find the owner again. */
    private static final class Misdirected extends RuntimeException {
        Misdirected() {
            super(null, null, false, false);
        }
    }
}
