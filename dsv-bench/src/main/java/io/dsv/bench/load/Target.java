package io.dsv.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/** One store the load tool drives: create, update and get of a key, each answering an HTTP status. */
interface Target {

    int create(String key, String value) throws IOException, InterruptedException;

    int update(String key, String value) throws IOException, InterruptedException;

    int get(String key) throws IOException, InterruptedException;

    /** Creates every key with the value, all or nothing where the store can (one request), else one by one. */
    default int createAll(List<String> keys, String value) throws IOException, InterruptedException {
        for (String key : keys) {
            int status = create(key, value);
            if (status / 100 != 2) {
                return status;
            }
        }
        return 200;
    }

    HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The bench tools drive only this machine's stores: a loopback URL, or they refuse to start. */
    static boolean isLoopback(String url) {
        return url.startsWith("http://127.") || url.startsWith("http://localhost") || url.startsWith("https://127.");
    }

    /** DSV's public API through a gateway. */
    static Target dsv(String baseUrl, String token, String namespace) {
        String secrets = baseUrl + "/api/v1/secrets";
        return new Target() {
            public int create(String key, String value) throws IOException, InterruptedException {
                return send(HttpRequest.newBuilder(URI.create(secrets)).POST(json("{\"user\":\"" + namespace
                        + "\",\"secretName\":\"" + key + "\",\"secretValue\":\"" + value + "\"}")));
            }

            public int update(String key, String value) throws IOException, InterruptedException {
                return send(HttpRequest.newBuilder(URI.create(secrets)).PUT(json("{\"user\":\"" + namespace
                        + "\",\"secretCurrentName\":\"" + key + "\",\"secretUpdatedValue\":\"" + value + "\"}")));
            }

            public int get(String key) throws IOException, InterruptedException {
                return send(HttpRequest.newBuilder(URI.create(secrets + "/" + key + "?user=" + namespace)).GET());
            }

            /** One .env file of {@code KEY=enc(value)} lines: one transaction. */
            @Override
            public int createAll(List<String> keys, String value) throws IOException, InterruptedException {
                StringBuilder file = new StringBuilder();
                keys.forEach(key -> file.append(key).append("=enc(").append(value).append(")\n"));
                return send(HttpRequest.newBuilder(URI.create(secrets + "/env?user=" + namespace))
                        .POST(HttpRequest.BodyPublishers.ofString(file.toString())), "text/plain", Duration.ofSeconds(60));
            }

            private int send(HttpRequest.Builder request) throws IOException, InterruptedException {
                return send(request, "application/json", Duration.ofSeconds(30));
            }

            private int send(HttpRequest.Builder request, String contentType, Duration timeout)
                    throws IOException, InterruptedException {
                request.header("Authorization", "Bearer " + token).header("Content-Type", contentType).timeout(timeout);
                return CLIENT.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            }
        };
    }

    /** etcd v3 through its JSON gateway (PUT for create and update, range for get), default durability. */
    static Target etcd(String baseUrl) {
        return new Target() {
            public int create(String key, String value) throws IOException, InterruptedException {
                return put(key, value);
            }

            public int update(String key, String value) throws IOException, InterruptedException {
                return put(key, value);
            }

            public int get(String key) throws IOException, InterruptedException {
                return post("/v3/kv/range", "{\"key\":\"" + b64(key) + "\"}");
            }

            private int put(String key, String value) throws IOException, InterruptedException {
                return post("/v3/kv/put", "{\"key\":\"" + b64(key) + "\",\"value\":\"" + b64(value) + "\"}");
            }

            private int post(String path, String body) throws IOException, InterruptedException {
                return CLIENT.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).POST(json(body))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            }

            private String b64(String text) {
                return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    private static HttpRequest.BodyPublisher json(String body) {
        return HttpRequest.BodyPublishers.ofString(body);
    }
}
