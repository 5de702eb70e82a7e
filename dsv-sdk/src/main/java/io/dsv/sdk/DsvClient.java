package io.dsv.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The DSV public API for Java applications: one method per endpoint, every problem answer a typed
 * {@link DsvException}. Values go in and come out as {@code char[]}/{@code byte[]}, never as Strings, so you
 * can wipe them. Every write carries an Idempotency-Key it makes, so retrying one (after a timeout, a
 * lost connection or a 503) never doubles its effect; reads are retried too. Thread-safe.
 *
 * <pre>{@code
 * DsvClient dsv = DsvClient.builder().address("https://dsv.example:8080").token(token).caFile(ca).build();
 * long version = dsv.create("team-a", "db-password", password);
 * Secret secret = dsv.get("team-a", "db-password");
 * }</pre>
 */
public final class DsvClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SECRETS = "/api/v1/secrets";

    private final URI address;
    private final char[] token;
    private final HttpClient http;
    private final Duration timeout;
    private final int retries;

    private DsvClient(Builder builder) {
        this.address = URI.create(builder.address.replaceAll("/+$", ""));
        this.token = builder.token;
        this.timeout = builder.timeout;
        this.retries = builder.retries;
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(builder.timeout);
        if (builder.caFile != null) {
            http.sslContext(trusting(builder.caFile));
        }
        this.http = http.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    // --- secrets ---

    /** Creates the secret; returns its version (1). */
    public long create(String namespace, String name, char[] value) {
        byte[] body = new JsonBody().field("user", namespace).field("secretName", name).field("secretValue", value).bytes();
        return version(write("POST", SECRETS, body, null));
    }

    /** Writes a new version; {@code ifMatch} (or null) is the version the secret must be at. Returns the new version. */
    public long update(String namespace, String name, char[] value, Long ifMatch) {
        byte[] body = new JsonBody().field("user", namespace).field("secretCurrentName", name)
                .field("secretUpdatedValue", value).bytes();
        return version(write("PUT", SECRETS, body, ifMatch));
    }

    /** The latest version's value. */
    public Secret get(String namespace, String name) {
        return read(namespace, name, "");
    }

    public Secret get(String namespace, String name, long version) {
        return read(namespace, name, "&version=" + version);
    }

    /** The value that was current at {@code at}. */
    public Secret getAt(String namespace, String name, Instant at) {
        return read(namespace, name, "&at=" + at);
    }

    /** Every readable version's value, by version, oldest first. */
    public Map<Long, byte[]> all(String namespace, String name) {
        HttpResponse<byte[]> response = get(path(name) + "/all?user=" + q(namespace));
        JsonNode tree = tree(response);
        Map<Long, byte[]> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : tree.properties()) {
            values.put(Long.parseLong(entry.getKey()), entry.getValue().asString().getBytes(StandardCharsets.UTF_8));
        }
        return values;
    }

    /** Every version, oldest first: when it was current, its state, who wrote it. */
    public List<SecretVersion> history(String namespace, String name) {
        List<SecretVersion> history = new ArrayList<>();
        for (JsonNode v : tree(get(path(name) + "/history?user=" + q(namespace)))) {
            history.add(new SecretVersion(v.get("version").asLong(), instant(v.get("validFrom")), instant(v.get("validTo")),
                    text(v.get("state")), text(v.get("writer"))));
        }
        return history;
    }

    /** One page of the namespace's names (sorted); {@code cursor} is the last page's {@link NamePage#nextCursor}, or null. */
    public NamePage list(String namespace, String prefix, int limit, String cursor) {
        return list(namespace, prefix, limit, cursor, false);
    }

    /** As {@link #list(String, String, int, String)}, deleted names too when {@code includeDeleted}. */
    public NamePage list(String namespace, String prefix, int limit, String cursor, boolean includeDeleted) {
        StringBuilder query = new StringBuilder("?user=").append(q(namespace)).append("&limit=").append(limit);
        if (prefix != null && !prefix.isEmpty()) {
            query.append("&prefix=").append(q(prefix));
        }
        if (cursor != null) {
            query.append("&cursor=").append(q(cursor));
        }
        if (includeDeleted) {
            query.append("&deleted=true");
        }
        JsonNode tree = tree(get(SECRETS + query));
        List<SecretName> names = new ArrayList<>();
        for (JsonNode s : tree.get("secrets")) {
            names.add(new SecretName(s.get("name").asString(), s.get("version").asLong(), text(s.get("state")),
                    instant(s.get("validFrom"))));
        }
        return new NamePage(names, text(tree.get("nextCursor")));
    }

    /** Every name of the namespace starting with {@code prefix} (null: all), page after page. */
    public List<SecretName> listAll(String namespace, String prefix) {
        List<SecretName> all = new ArrayList<>();
        String cursor = null;
        do {
            NamePage page = list(namespace, prefix, 1_000, cursor);
            all.addAll(page.secrets());
            cursor = page.nextCursor();
        } while (cursor != null);
        return all;
    }

    /** Deletes the secret (every version; shares destroyed); returns the tombstone's version. */
    public long delete(String namespace, String name, Long ifMatch) {
        byte[] body = new JsonBody().field("user", namespace).field("deleteName", name).bytes();
        return version(write("DELETE", SECRETS, body, ifMatch));
    }

    /**
     * Applies a {@code .env} file: stores its {@code enc()} values (all or nothing) and returns the file with
     * them as {@code secret(NAME)} and every {@code secret()} reference resolved to its value.
     */
    public char[] env(String namespace, char[] file) {
        byte[] body = utf8(file);
        HttpResponse<byte[]> response = sendWithKey("POST", SECRETS + "/env?user=" + q(namespace), "text/plain; charset=UTF-8",
                body, null);
        return chars(response.body());
    }

    // --- tokens ---

    /** Mints a token with these grants (namespace → read, write, delete, admin); null expiry: the server's default. */
    public NewToken createToken(String name, Map<String, Set<String>> policies, Duration expiresIn) {
        JsonBody grants = new JsonBody();
        policies.forEach((namespace, capabilities) -> grants.raw(namespace, JSON.writeValueAsBytes(capabilities)));
        JsonBody body = new JsonBody().field("name", name).raw("policies", grants.bytes());
        if (expiresIn != null) {
            body.field("expiresInSeconds", expiresIn.toSeconds());
        }
        // not retried: the API takes no Idempotency-Key here, and a retry could mint a second token
        byte[] json = body.bytes();
        JsonNode tree;
        try {
            tree = tree(send("POST", "/api/v1/admin/tokens", "application/json", json, null, null, 0));
        } finally {
            Arrays.fill(json, (byte) 0);
        }
        return new NewToken(tree.get("token").asString(), text(tree.get("id")), instant(tree.get("expiresAt")));
    }

    public void revokeToken(String id) {
        send("DELETE", "/api/v1/admin/tokens/" + q(id), null, null, null, null, retries);   // revoking twice is harmless
    }

    // --- the wire ---

    private Secret read(String namespace, String name, String query) {
        HttpResponse<byte[]> response = get(path(name) + "?user=" + q(namespace) + query);
        return new Secret(response.body(), etag(response));
    }

    private HttpResponse<byte[]> write(String method, String path, byte[] body, Long ifMatch) {
        return sendWithKey(method, path, "application/json", body, ifMatch);
    }

    private HttpResponse<byte[]> get(String path) {
        return send("GET", path, null, null, null, null, retries);
    }

    /** A write: one Idempotency-Key for every attempt, so a retry is answered with the first attempt's outcome. */
    private HttpResponse<byte[]> sendWithKey(String method, String path, String contentType, byte[] body, Long ifMatch) {
        try {
            return send(method, path, contentType, body, UUID.randomUUID().toString(), ifMatch, retries);
        } finally {
            Arrays.fill(body, (byte) 0);
        }
    }

    /** Sends, retrying a lost connection, a timeout or a 503 up to {@code retries} times (only what may be repeated). */
    private HttpResponse<byte[]> send(String method, String path, String contentType, byte[] body, String idempotencyKey,
                                      Long ifMatch, int retries) {
        DsvException last = null;
        for (int attempt = 0; attempt <= retries; attempt++) {
            if (attempt > 0) {
                pause(attempt);
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(address.resolve(path)).timeout(timeout)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                    .header("Authorization", "Bearer " + new String(token));
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            if (idempotencyKey != null) {
                request.header("Idempotency-Key", idempotencyKey);
            }
            if (ifMatch != null) {
                request.header("If-Match", "\"" + ifMatch + "\"");
            }
            HttpResponse<byte[]> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                last = DsvException.of(0, null, "DSV at " + address + " did not answer: " + e.getClass().getSimpleName(),
                        null, null, null);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw DsvException.of(0, null, "interrupted", null, null, null);
            }
            if (response.statusCode() < 300) {
                return response;
            }
            last = problem(response);
            if (response.statusCode() != 503) {
                throw last;
            }
        }
        throw last;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(2_000, 200L << (attempt - 1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DsvException.of(0, null, "interrupted", null, null, null);
        }
    }

    private static DsvException problem(HttpResponse<byte[]> response) {
        try {
            JsonNode tree = JSON.readTree(response.body());
            return DsvException.of(response.statusCode(), text(tree.get("code")), text(tree.get("detail")),
                    text(tree.get("field")), integer(tree.get("line")), integer(tree.get("column")));
        } catch (RuntimeException e) {
            return DsvException.of(response.statusCode(), null, "an answer that is not problem details", null, null, null);
        }
    }

    private static JsonNode tree(HttpResponse<byte[]> response) {
        return JSON.readTree(response.body());
    }

    private static long version(HttpResponse<byte[]> response) {
        if (response.body().length > 0) {
            JsonNode tree = JSON.readTree(response.body());
            if (tree.has("version")) {
                return tree.get("version").asLong();
            }
        }
        return etag(response);
    }

    private static long etag(HttpResponse<byte[]> response) {
        return response.headers().firstValue("ETag").map(tag -> Long.parseLong(tag.replace("\"", "").replace("W/", "")))
                .orElse(0L);
    }

    private static String path(String name) {
        return SECRETS + "/" + q(name);
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asString();
    }

    private static Integer integer(JsonNode node) {
        return node == null || node.isNull() ? null : node.asInt();
    }

    private static Instant instant(JsonNode node) {
        String text = text(node);
        return text == null ? null : Instant.parse(text);
    }

    private static byte[] utf8(char[] chars) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] out = new byte[encoded.remaining()];
        encoded.get(out);
        Arrays.fill(encoded.array(), (byte) 0);
        return out;
    }

    private static char[] chars(byte[] bytes) {
        CharBuffer decoded = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
        char[] out = new char[decoded.remaining()];
        decoded.get(out);
        Arrays.fill(decoded.array(), '\0');
        Arrays.fill(bytes, (byte) 0);
        return out;
    }

    private static SSLContext trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new IllegalArgumentException("no certificate in " + caFile);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot trust the CA file " + caFile + ": " + e.getMessage(), e);
        }
    }

    /** How to reach DSV: its address, the token, the CA to trust (for a private CA), timeouts and retries. */
    public static final class Builder {
        private String address = "http://127.0.0.1:8080";
        private char[] token;
        private Path caFile;
        private Duration timeout = Duration.ofSeconds(30);
        private int retries = 2;

        public Builder address(String address) {
            this.address = address;
            return this;
        }

        /** The API token (kept as given: wipe your copy after {@link #build}, not this one). */
        public Builder token(char[] token) {
            this.token = token.clone();
            return this;
        }

        /** Reads the token from a file (its first line). */
        public Builder tokenFile(Path file) {
            try {
                return token(Files.readString(file, StandardCharsets.UTF_8).strip().toCharArray());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the token file " + file, e);
            }
        }

        /** PEM certificates to trust for HTTPS (a private CA); default: the JDK's trust store. */
        public Builder caFile(Path caFile) {
            this.caFile = caFile;
            return this;
        }

        /** Each attempt's time limit, connect included (default 30 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Attempts after the first on a lost connection, a timeout or a 503 (default 2). */
        public Builder retries(int retries) {
            if (retries < 0) {
                throw new IllegalArgumentException("retries must be 0 or more");
            }
            this.retries = retries;
            return this;
        }

        public DsvClient build() {
            if (token == null || token.length == 0) {
                throw new IllegalStateException("a token is required (DsvClient.builder().token(...))");
            }
            return new DsvClient(this);
        }
    }
}
