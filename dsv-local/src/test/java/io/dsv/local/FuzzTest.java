package io.dsv.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 1,200 malformed requests (random bytes, huge names, wrong types, broken .env files, bad headers)
 * against the public API: every answer is a 4xx, never a 5xx, and no body carries a stack trace.
 */
@ExtendWith(SharedCluster.class)
@Order(6)
class FuzzTest {

    private static final long SEED = 20261121L;

    @Test
    void malformedRequestsOnlyEverGet4xxWithoutAStackTrace() {
        TestApi api = new TestApi("fuzz");
        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            HttpResponse<String> response = malformed(api, random, i);
            int status = response.statusCode();
            String body = response.body();
            boolean trace = body.contains("\tat ") || body.contains("Exception") || body.contains(".java:");
            if (status < 400 || status >= 500 || trace) {
                failures.add("#" + i + " -> " + status + " " + body.substring(0, Math.min(200, body.length())));
            }
        }
        assertThat(failures).isEmpty();
    }

    private static HttpResponse<String> malformed(TestApi api, Random random, int i) {
        String gw = i % 2 == 0 ? api.gw1 : api.gw2;
        return switch (i % 12) {
            case 0 -> Http.send("POST", gw, "application/json", randomText(random, 1 + random.nextInt(300)));
            case 1 -> Http.send("POST", gw, "application/json", "{\"user\":\"fuzz\",\"secretName\":\""
                    + "n".repeat(129 + random.nextInt(5_000)) + "\",\"secretValue\":\"v\"}");
            case 2 -> Http.send("PUT", gw, "application/json", "{\"user\":" + random.nextInt() + ",\"secretCurrentName\":[1,2],"
                    + "\"secretUpdatedValue\":{\"a\":true}}");
            case 3 -> Http.send("POST", gw + "/env?user=fuzz", "text/plain", brokenEnv(random));
            case 4 -> Http.send("PUT", gw, "application/json", api.update("ok-" + i, "v"), "If-Match", "v"
                    + randomText(random, 8).replaceAll("[^!-~]", "x"));
            case 5 -> Http.send("DELETE", gw, "application/json", "{\"user\":\"fuzz\",\"deleteName\":" + random.nextDouble() + "}");
            case 6 -> Http.send("GET", gw + "/" + new String[] {"%C3%28", "%00x", "..%2F..%2Fetc", "%FF%FE", "a%20b%09c"}[
                    random.nextInt(5)] + "?user=fuzz", null, null);
            case 7 -> Http.send("GET", gw + "/name?user=fuzz&version=" + random.nextLong() + "x", null, null);
            case 8 -> Http.send("GET", gw + "/name?user=fuzz&at=" + random.nextInt(), null, null);
            case 9 -> Http.send("POST", gw, "application/xml", "<secret/>");
            case 10 -> Http.send("POST", gw, "application/json", api.create("k" + i, "v"), "Idempotency-Key",
                    "bad key " + random.nextInt());
            default -> Http.send("PATCH", gw, "application/json", "{}");
        };
    }

    private static String brokenEnv(Random random) {
        String[] pieces = {"A=enc(", "B=secret(", "=x", "C 'q", "D=\"open", "E=secret(NOPE@)", "F=enc()", "G=secret(A b)",
                "export", "H='x' y", "I=secret(MISSING-" + random.nextInt(1000) + ")"};
        return pieces[random.nextInt(pieces.length)] + "\n" + randomText(random, random.nextInt(40));
    }

    private static String randomText(Random random, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append((char) (random.nextInt(0x2FF) + 1));
        }
        return out.toString();
    }
}
