package io.dsv.rpc;

import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This instance's credentials on the internal plane: the cluster CA that every peer's certificate must
 * chain to, and its own certificate and key (PEM, the key PKCS#8). Servers require a client certificate;
 * there is no plaintext fallback.
 */
public record RpcTls(Path ca, Path certificate, Path privateKey) {

    public RpcTls {
        for (Path file : new Path[] {ca, certificate, privateKey}) {
            if (file == null || !Files.isReadable(file)) {
                throw new IllegalArgumentException("internal-plane TLS needs a readable CA, certificate and key file,"
                        + " missing: " + file);
            }
        }
    }

    public ServerCredentials server() {
        try {
            return TlsServerCredentials.newBuilder()
                    .keyManager(certificate.toFile(), privateKey.toFile())
                    .trustManager(ca.toFile())
                    .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the internal-plane certificate or key", e);
        }
    }

    public ChannelCredentials client() {
        try {
            return TlsChannelCredentials.newBuilder()
                    .keyManager(certificate.toFile(), privateKey.toFile())
                    .trustManager(ca.toFile())
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the internal-plane certificate or key", e);
        }
    }
}
