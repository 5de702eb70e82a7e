package io.dsv.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * The slice of a Consul agent's HTTP API that Spring Cloud Consul discovery uses: register and
 * deregister a service, list healthy instances, the catalog and the leader. No Consul binary can be
 * installed here (stack.md), so the tests speak to this. Like a real agent it runs each service's
 * HTTP check: only instances whose check answers 200 are "passing".
 */
final class FakeConsulAgent implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final HttpClient checks = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** service id -> the registration as the service sent it */
    final Map<String, Map<String, Object>> registered = new ConcurrentHashMap<>();
    final List<String> deregistered = Collections.synchronizedList(new ArrayList<>());
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    final List<String> refused = Collections.synchronizedList(new ArrayList<>());

    /** null: an agent without ACLs; else every call but the leader's status must carry this token. */
    private final String requiredToken;

    FakeConsulAgent() throws IOException {
        this(null);
    }

    /** An agent with ACLs on: a call without {@code token} (header or query) is refused with 403, as Consul does. */
    FakeConsulAgent(String token) throws IOException {
        requiredToken = token;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Registers an instance as if it had registered itself. */
    void register(String id, String service, String address, int port, Map<String, String> meta, String checkUrl) {
        Map<String, Object> registration = new LinkedHashMap<>();
        registration.put("ID", id);
        registration.put("Name", service);
        registration.put("Address", address);
        registration.put("Port", port);
        registration.put("Meta", meta);
        registration.put("Check", Map.of("HTTP", checkUrl, "Interval", "1s"));
        registered.put(id, registration);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        requests.add(method + " " + path);
        if (requiredToken != null && !path.equals("/v1/status/leader") && !requiredToken.equals(tokenOf(exchange))) {
            refused.add(method + " " + path);
            reply(exchange, 403, "ACL not found");
            return;
        }
        try {
            if (path.equals("/v1/agent/service/register")) {
                Map<String, Object> body = JSON.readValue(exchange.getRequestBody().readAllBytes(), Map.class);
                registered.put(body.get("ID").toString(), body);
                reply(exchange, 200, "");
            } else if (path.startsWith("/v1/agent/service/deregister/")) {
                String id = path.substring("/v1/agent/service/deregister/".length());
                registered.remove(id);
                deregistered.add(id);
                reply(exchange, 200, "");
            } else if (path.startsWith("/v1/health/service/")) {
                String service = path.substring("/v1/health/service/".length());
                boolean onlyPassing = String.valueOf(exchange.getRequestURI().getQuery()).contains("passing");
                reply(exchange, 200, JSON.writeValueAsString(healthy(service, onlyPassing)));
            } else if (path.equals("/v1/catalog/services")) {
                Map<String, List<String>> services = new LinkedHashMap<>();
                registered.values().forEach(r -> services.put(r.get("Name").toString(), List.of()));
                reply(exchange, 200, JSON.writeValueAsString(services));
            } else if (path.equals("/v1/status/leader")) {
                reply(exchange, 200, "\"127.0.0.1:8300\"");
            } else {
                reply(exchange, 404, "no such endpoint in the fake agent");
            }
        } catch (RuntimeException e) {
            reply(exchange, 500, e.toString());
        }
    }

    private static String tokenOf(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("X-Consul-Token");
        if (header != null) {
            return header;
        }
        String query = String.valueOf(exchange.getRequestURI().getQuery());
        for (String pair : query.split("&")) {
            if (pair.startsWith("token=")) {
                return pair.substring("token=".length());
            }
        }
        String bearer = exchange.getRequestHeaders().getFirst("Authorization");
        return bearer != null && bearer.startsWith("Bearer ") ? bearer.substring(7) : null;
    }

    private List<Map<String, Object>> healthy(String service, boolean onlyPassing) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Map<String, Object> r : registered.values()) {
            if (!service.equals(r.get("Name"))) {
                continue;
            }
            boolean passing = check(r);
            if (onlyPassing && !passing) {
                continue;
            }
            Map<String, Object> serviceEntry = new LinkedHashMap<>();
            serviceEntry.put("ID", r.get("ID"));
            serviceEntry.put("Service", r.get("Name"));
            serviceEntry.put("Tags", r.getOrDefault("Tags", List.of()));
            serviceEntry.put("Address", r.get("Address"));
            serviceEntry.put("Port", r.get("Port"));
            serviceEntry.put("Meta", r.getOrDefault("Meta", Map.of()));
            entries.add(Map.of(
                    "Node", Map.of("ID", "fake-node", "Node", "fake-node", "Address", "127.0.0.1", "Datacenter", "dc1"),
                    "Service", serviceEntry,
                    "Checks", List.of(Map.of("Node", "fake-node", "CheckID", "service:" + r.get("ID"),
                            "Status", passing ? "passing" : "critical", "ServiceID", r.get("ID")))));
        }
        return entries;
    }

    /** Calls the registration's HTTP check, as the agent would on its interval. */
    @SuppressWarnings("unchecked")
    private boolean check(Map<String, Object> registration) {
        Object check = registration.get("Check");
        if (!(check instanceof Map<?, ?> map) || map.get("HTTP") == null) {
            return false;
        }
        try {
            HttpResponse<Void> response = checks.send(HttpRequest.newBuilder(URI.create(map.get("HTTP").toString()))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("X-Consul-Index", "1");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
