package io.dsv.client;

import java.time.Duration;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;

/**
 * The HTTP client of the hot internal calls (metadata look-ups, share fetches): kept-alive pooled
 * connections, enough per node for every concurrent read, a time limit on every phase, and no
 * automatic retry (a circuit breaker or the caller decides). Close it with {@code destroy()}.
 */
final class PooledHttp {

    private PooledHttp() {
    }

    static HttpComponentsClientHttpRequestFactory factory(Duration timeout) {
        Timeout limit = Timeout.of(timeout);
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnPerRoute(64)
                .setMaxConnTotal(512)
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(limit).setSocketTimeout(limit).build())
                .build();
        var client = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(limit).setConnectionRequestTimeout(limit).build())
                .disableAutomaticRetries()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
        return new HttpComponentsClientHttpRequestFactory(client);
    }
}
