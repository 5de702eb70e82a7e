package io.dsv.local;

import io.dsv.core.security.ServiceTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Asks metadata for the cluster's root token: it exists once, so only the first start gets it. */
final class RootToken {

    private RootToken() {
    }

    static String createOnce(String metadataUrl, ServiceTokens tokens) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(metadataUrl + "/internal/tokens/root"))
                .header(ServiceTokens.HEADER, tokens.issue("dsv-local"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 409) {
                return null;                                             // printed on an earlier start
            }
            Matcher token = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(response.body());
            if (response.statusCode() != 201 || !token.find()) {
                throw new IllegalStateException("metadata did not create the root token (HTTP " + response.statusCode() + ": "
                        + response.body() + ")");
            }
            return token.group(1);
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach metadata to create the root token", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
