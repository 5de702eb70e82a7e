package io.dsv.local;

import static io.dsv.local.TestApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPrivateKey;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

/** The rest of issue 6: HTTPS from the local CA through an SSL bundle, and optional JWTs with issuer and audience. */
@ExtendWith(SharedCluster.class)
@Order(8)
class TlsAndJwtTest {

    @Test
    void aGatewayServesHttpsWithACertificateFromTheLocalCa() throws Exception {
        TestApi api = new TestApi("tls");
        LocalCa ca = LocalCa.loadOrCreate(api.cluster.dataDir());
        int port = api.cluster.settings().spareGatewayPort();
        try (ConfigurableApplicationContext tls = api.cluster.startExtraGateway(port, ca.gatewayArgs().toArray(String[]::new))) {
            HttpClient client = HttpClient.newBuilder().sslContext(trusting(ca.caCertificate())).build();
            String url = "https://127.0.0.1:" + port + "/api/v1/secrets";
            HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + Http.token)
                    .POST(HttpRequest.BodyPublishers.ofString(api.create("over-tls", "sealed-in-transit"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            HttpResponse<String> read = client.send(HttpRequest.newBuilder(URI.create(url + "/over-tls?user=tls"))
                    .header("Authorization", "Bearer " + Http.token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(read.body()).isEqualTo("sealed-in-transit");

            // a client that does not trust the local CA is refused at the handshake
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/x?user=tls"))
                    .build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        }
    }

    @Test
    void jwtsAreAcceptedOnlyWithTheRightSignatureIssuerAudienceAndTime() throws Exception {
        TestApi api = new TestApi("jwt-ns");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair idp = generator.generateKeyPair();
        KeyPair stranger = generator.generateKeyPair();
        Path pem = Files.createTempFile("idp", ".pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(idp.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        int port = api.cluster.settings().spareGatewayPort();
        try (ConfigurableApplicationContext jwtGateway = api.cluster.startExtraGateway(port, "--dsv.auth.jwt.enabled=true",
                "--dsv.auth.jwt.issuer=https://idp.test", "--dsv.auth.jwt.audience=dsv",
                "--dsv.auth.jwt.public-key-location=file:" + pem)) {
            String url = "http://127.0.0.1:" + port + "/api/v1/secrets";
            Map<String, Object> grants = Map.of("jwt-ns", List.of("read", "write"));
            String good = jwt(idp, "https://idp.test", "dsv", 300, grants);

            assertThat(Http.send("POST", url, "application/json", api.create("from-jwt", "v"), "Authorization", "Bearer " + good)
                    .statusCode()).isEqualTo(201);
            assertThat(Http.send("GET", url + "/from-jwt?user=jwt-ns", null, null, "Authorization", "Bearer " + good).body())
                    .isEqualTo("v");
            assertProblem(Http.send("GET", url + "/x?user=other", null, null, "Authorization", "Bearer " + good), 403, "forbidden");
            for (String bad : List.of(jwt(stranger, "https://idp.test", "dsv", 300, grants),
                    jwt(idp, "https://evil.test", "dsv", 300, grants),
                    jwt(idp, "https://idp.test", "someone-else", 300, grants),
                    jwt(idp, "https://idp.test", "dsv", -120, grants),
                    jwt(idp, "https://idp.test", "dsv", null, grants))) {        // no exp: it would never expire
                assertProblem(Http.send("GET", url + "/from-jwt?user=jwt-ns", null, null, "Authorization", "Bearer " + bad),
                        401, "unauthorized");
            }
            // API tokens still work on the same gateway
            assertThat(Http.get(url + "/from-jwt?user=jwt-ns").body()).isEqualTo("v");
        } finally {
            Files.deleteIfExists(pem);
        }
    }

    /** @param secondsValid null: no {@code exp} claim at all */
    private static String jwt(KeyPair key, String issuer, String audience, Integer secondsValid, Map<String, Object> grants)
            throws Exception {
        long now = System.currentTimeMillis();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).audience(audience).subject("ci-bot")
                .issueTime(new Date(now - 60_000))
                .expirationTime(secondsValid == null ? null : new Date(now + secondsValid * 1000L))
                .claim("dsv_policies", grants).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner((RSAPrivateKey) key.getPrivate()));
        return jwt.serialize();
    }

    private static SSLContext trusting(Path caCertificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caCertificate)) {
            trust.setCertificateEntry("dsv-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
