package io.dsv.client.rpc;

import io.dsv.rpc.RpcTls;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * This instance on the internal plane: where it listens (services that serve it: metadata, shard nodes,
 * repair), its id as its certificate names it, its TLS files (cluster CA, own certificate and PKCS#8
 * key, PEM), and the deadline of every call it makes.
 *
 * @param port 0: this service serves nothing on the internal plane (a gateway)
 */
@ConfigurationProperties("dsv.rpc")
public record RpcProperties(String host, int port, String id, Tls tls, Duration deadline) {

    public RpcProperties {
        host = host == null || host.isBlank() ? "127.0.0.1" : host;
        deadline = deadline == null ? Duration.ofSeconds(2) : deadline;
    }

    public RpcTls credentials() {
        if (tls == null || tls.ca() == null || tls.certificate() == null || tls.privateKey() == null) {
            throw new IllegalStateException("dsv.rpc.tls.ca, certificate and private-key must be set: the internal plane"
                    + " is mutual TLS only (dsv-local makes them under .dsv/tls/internal)");
        }
        return new RpcTls(tls.ca(), tls.certificate(), tls.privateKey());
    }

    public record Tls(Path ca, Path certificate, Path privateKey) {
    }
}
