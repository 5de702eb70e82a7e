package io.dsv.client.discovery;

import java.net.URI;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.web.util.DefaultUriBuilderFactory;
import org.springframework.web.util.UriBuilder;
import org.springframework.web.util.UriBuilderFactory;

/** A RestClient base URL looked up on every request, so a service that moves is found again. */
public final class DiscoveredBaseUrl implements UriBuilderFactory {

    private final Supplier<String> baseUrl;

    public DiscoveredBaseUrl(Supplier<String> baseUrl) {
        this.baseUrl = baseUrl;
    }

    private UriBuilderFactory now() {
        return new DefaultUriBuilderFactory(baseUrl.get());
    }

    @Override
    public UriBuilder uriString(String uriTemplate) {
        return now().uriString(uriTemplate);
    }

    @Override
    public UriBuilder builder() {
        return now().builder();
    }

    @Override
    public URI expand(String uriTemplate, Map<String, ?> uriVariables) {
        return now().expand(uriTemplate, uriVariables);
    }

    @Override
    public URI expand(String uriTemplate, Object... uriVariables) {
        return now().expand(uriTemplate, uriVariables);
    }
}
