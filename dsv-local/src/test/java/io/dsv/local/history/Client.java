package io.dsv.local.history;

import io.dsv.local.history.Op.Kind;
import io.dsv.local.history.Op.Outcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One client of the history test: creates, updates, deletes and reads (the latest, a version, every
 * version) on a few keys through any gateway, every write with its own Idempotency-Key and a value no
 * other write has, and records each operation with what came back. A write whose outcome is unknown is
 * retried with the same key and body, a few times, each attempt recorded.
 */
final class Client implements Runnable {

    private static final Pattern VERSION = Pattern.compile("\"version\":(\\d+)");
    private static final Pattern CODE = Pattern.compile("\"code\":\"([a-z_]+)\"");
    private static final Pattern ENTRY = Pattern.compile("\"(\\d+)\":\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** Answers that say a part of the cluster is away: the client waits a little before its next request. */
    private static final java.util.Set<String> AWAY = java.util.Set.of("connection_refused", "metadata_unavailable",
            "audit_unavailable", "insufficient_shards", "timeout", "connection_lost", "commit_unconfirmed");

    private final int id;
    private final String namespace;
    private final List<String> keys;
    private final List<String> gateways;
    private final String token;
    private final String run;
    private final History history;
    private final BooleanSupplier stopped;
    private final Random random;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Long> newestSeen = new HashMap<>();
    private int sequence;

    Client(int id, String namespace, List<String> keys, List<String> gateways, String token, String run,
           History history, BooleanSupplier stopped, long seed) {
        this.id = id;
        this.namespace = namespace;
        this.keys = keys;
        this.gateways = gateways;
        this.token = token;
        this.run = run;
        this.history = history;
        this.stopped = stopped;
        this.random = new Random(seed);
    }

    @Override
    public void run() {
        while (!stopped.getAsBoolean()) {
            String key = keys.get(random.nextInt(keys.size()));
            int dice = random.nextInt(100);
            if (dice < 15) {
                write(Kind.CREATE, key);
            } else if (dice < 45) {
                write(Kind.UPDATE, key);
            } else if (dice < 53) {
                write(Kind.DELETE, key);
            } else if (dice < 78) {
                read(Kind.READ, key, 0);
            } else if (dice < 90) {
                long newest = newestSeen.getOrDefault(key, 1L);      // mostly the recent ones, still readable
                read(Kind.READ_VERSION, key, Math.max(1, newest - 2 + random.nextInt(4)));
            } else {
                read(Kind.READ_ALL, key, 0);
            }
            pause(20 + random.nextInt(80));
        }
    }

    /** A write, and its retries while the outcome is unknown. */
    private void write(Kind kind, String key) {
        sequence++;
        String idempotencyKey = "ik-" + run + "-" + id + "-" + sequence;
        String value = kind == Kind.DELETE ? null : "hv-" + run + "-" + id + "-" + sequence;
        Op op = attempt(kind, key, idempotencyKey, value);
        for (int retry = 0; retry < 3 && op.outcome() == Outcome.UNKNOWN && !stopped.getAsBoolean(); retry++) {
            pause(1_000);
            op = attempt(kind, key, idempotencyKey, value);
        }
    }

    /** Retries, after the faults healed, a write whose outcome is still unknown: the retry reports which it was. */
    Op settle(Op unknown) {
        return attempt(unknown.kind(), unknown.key(), unknown.idempotencyKey(), unknown.value());
    }

    private Op attempt(Kind kind, String key, String idempotencyKey, String value) {
        String name = key.substring(key.indexOf('/') + 1);
        String body = switch (kind) {
            case CREATE -> "{\"user\":\"" + namespace + "\",\"secretName\":\"" + name + "\",\"secretValue\":\"" + value + "\"}";
            case UPDATE -> "{\"user\":\"" + namespace + "\",\"secretCurrentName\":\"" + name + "\",\"secretUpdatedValue\":\""
                    + value + "\"}";
            default -> "{\"user\":\"" + namespace + "\",\"deleteName\":\"" + name + "\"}";
        };
        String method = switch (kind) {
            case CREATE -> "POST";
            case UPDATE -> "PUT";
            default -> "DELETE";
        };
        HttpRequest request = base(gateway() + "/api/v1/secrets").header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey).method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        long invoked = now();
        Answer answer = send(request);
        long completed = now();
        Op op;
        if (answer.status == 201 || answer.status == 200 || answer.status == 204) {
            long version = kind == Kind.DELETE ? answer.etag : number(answer.body, VERSION);
            op = new Op(id, kind, key, idempotencyKey, 0, invoked, completed, Outcome.OK, value, version, null, null);
        } else if (kind == Kind.DELETE && "destroy_pending".equals(answer.code)) {
            // committed: the tombstone is in, its holders are still destroying
            op = new Op(id, kind, key, idempotencyKey, 0, invoked, completed, Outcome.OK, value,
                    number(answer.body, VERSION), null, answer.code);
        } else {
            op = new Op(id, kind, key, idempotencyKey, 0, invoked, completed, answer.writeOutcome(), value, 0, null,
                    answer.code);
        }
        history.add(op);
        backOffIf(op);
        return op;
    }

    private void read(Kind kind, String key, long version) {
        String name = key.substring(key.indexOf('/') + 1);
        String url = gateway() + "/api/v1/secrets/" + name + (kind == Kind.READ_ALL ? "/all" : "") + "?user=" + namespace
                + (kind == Kind.READ_VERSION ? "&version=" + version : "");
        long invoked = now();
        Answer answer = send(base(url).GET().build());
        long completed = now();
        Op op;
        if (answer.status == 200 && kind == Kind.READ_ALL) {
            Map<Long, String> all = new HashMap<>();
            Matcher m = ENTRY.matcher(answer.body);
            while (m.find()) {
                all.put(Long.parseLong(m.group(1)), m.group(2));
            }
            all.keySet().stream().max(Long::compare).ifPresent(v -> newestSeen.merge(key, v, Math::max));
            op = new Op(id, kind, key, null, 0, invoked, completed, Outcome.OK, null, 0, all, null);
        } else if (answer.status == 200) {
            newestSeen.merge(key, answer.etag, Math::max);
            op = new Op(id, kind, key, null, version, invoked, completed, Outcome.OK, answer.body, answer.etag, null, null);
        } else if (answer.status == 404) {
            op = new Op(id, kind, key, null, version, invoked, completed, Outcome.NOT_FOUND, null, 0, null, answer.code);
        } else {
            op = new Op(id, kind, key, null, version, invoked, completed, Outcome.FAIL, null, 0, null, answer.code);
        }
        history.add(op);
        backOffIf(op);
    }

    /** A cluster part that is away stays away for seconds: hammering it only fills the history with refusals. */
    private void backOffIf(Op op) {
        if (op.code() != null && AWAY.contains(op.code())) {
            pause(300 + random.nextInt(400));
        }
    }

    private HttpRequest.Builder base(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token);
    }

    private String gateway() {
        return gateways.get(random.nextInt(gateways.size()));
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            Matcher code = CODE.matcher(response.body());
            long etag = response.headers().firstValue("ETag").map(t -> Long.parseLong(t.replace("\"", ""))).orElse(0L);
            String problem = code.find() ? code.group(1) : response.statusCode() >= 400 ? "http_" + response.statusCode() : null;
            return new Answer(response.statusCode(), response.body(), problem, etag);
        } catch (ConnectException e) {
            return new Answer(0, "", "connection_refused", 0);     // never reached a gateway: nothing happened
        } catch (HttpTimeoutException e) {
            return new Answer(-1, "", "timeout", 0);
        } catch (IOException e) {
            return new Answer(-1, "", "connection_lost", 0);       // cut mid-request: anything may have happened
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "", "interrupted", 0);
        }
    }

    private static long number(String body, Pattern pattern) {
        Matcher m = pattern.matcher(body);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    static long now() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What a request got: a status (0: refused, -1: no answer), its body, the problem's code. */
    private record Answer(int status, String body, String code, long etag) {

        /** A write that did not succeed: nothing changed, or unknown. */
        Outcome writeOutcome() {
            if (status == -1 || "commit_unconfirmed".equals(code)) {
                return Outcome.UNKNOWN;
            }
            if (status >= 500 && status != 503) {
                return Outcome.UNKNOWN;                              // and reported as a server error
            }
            return Outcome.FAIL;
        }
    }
}
