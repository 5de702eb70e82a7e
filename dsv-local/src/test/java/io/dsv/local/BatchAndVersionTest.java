package io.dsv.local;

import static io.dsv.local.TestApi.assertField;
import static io.dsv.local.TestApi.assertProblem;
import static io.dsv.local.TestApi.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 4 on the real cluster: .env batches as one transaction, Idempotency-Key, If-Match,
 * history and ?at= reads, the delete threshold, and concurrent writers through two gateways.
 */
@ExtendWith(SharedCluster.class)
@Order(2)
class BatchAndVersionTest {

    private static final String JSON = "application/json";
    private static final String TEXT = "text/plain; charset=UTF-8";
    static TestApi api;

    @BeforeAll
    static void useCluster() {
        api = new TestApi("batch");
    }

    // --- .env batches ---

    @Test
    void anEnvFileStoresEncValuesResolvesReferencesAndKeepsEverythingElse() {
        assertThat(Http.post(api.gw1, api.create("OTHER", "other-v1")).statusCode()).isEqualTo(201);
        assertThat(Http.put(api.gw1, api.update("OTHER", "other v2")).statusCode()).isEqualTo(200);
        String file = """
                # app config
                export DB_USER=app   # plain, kept

                DB_PASSWORD=enc(%s)
                TOKEN = enc("two\\nlines")
                PEM='-----BEGIN-----
                abc
                -----END-----'
                LATEST=secret(OTHER)
                PINNED=secret(OTHER@1)   # pinned
                SAME=secret(DB_PASSWORD)
                QUOTED="keep \\"this\\""
                """.formatted(PlaintextScanTest.CANARY);

        HttpResponse<String> response = env(api.gw1, file);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("""
                # app config
                export DB_USER=app   # plain, kept

                DB_PASSWORD=secret(DB_PASSWORD)
                TOKEN = secret(TOKEN)
                PEM='-----BEGIN-----
                abc
                -----END-----'
                LATEST="other v2"
                PINNED=other-v1   # pinned
                SAME=%s
                QUOTED="keep \\"this\\""
                """.formatted(PlaintextScanTest.CANARY));
        assertThat(api.read(api.gw2, "DB_PASSWORD", null)).isEqualTo(PlaintextScanTest.CANARY);
        assertThat(api.read(api.gw2, "TOKEN", null)).isEqualTo("two\nlines");

        HttpResponse<String> asJson = Http.send("POST", api.gw2 + "/env?user=" + api.ns, JSON,
                "{\"envFileContent\":\"J1=enc(json-one)\\nJ2=secret(J1)\\n\"}");
        assertThat(asJson.statusCode()).as(asJson.body()).isEqualTo(200);
        assertThat(asJson.body()).isEqualTo("J1=secret(J1)\nJ2=json-one\n");
    }

    @Test
    void anyFailureInAnEnvFileWritesNothing() {
        assertThat(Http.post(api.gw1, api.create("TAKEN", "x")).statusCode()).isEqualTo(201);

        HttpResponse<String> exists = env(api.gw1, "F1_A=enc(a)\nTAKEN=enc(b)\nF1_C=enc(c)\n");
        assertProblem(exists, 409, "secret_exists");
        assertThat(exists.body()).contains("\"line\":2").contains("TAKEN");

        HttpResponse<String> dangling = env(api.gw2, "F2_A=enc(a)\n\nF2_B=secret(NOPE)\n");
        assertProblem(dangling, 404, "reference_not_found");
        assertThat(dangling.body()).contains("\"line\":3").contains("NOPE");

        HttpResponse<String> syntax = env(api.gw1, "F3_A=enc(a)\nF3_B 'x'\n");
        assertProblem(syntax, 400, "invalid_request");
        assertThat(syntax.body()).contains("\"line\":2").contains("\"column\":6");

        HttpResponse<String> twice = env(api.gw1, "F4_A=enc(a)\nF4_B=enc(b)\nF4_A=enc(c)\n");
        assertProblem(twice, 400, "invalid_request");
        assertThat(twice.body()).contains("\"line\":3").contains("assigned twice");

        api.cluster.stopShard(3);
        api.cluster.stopShard(4);
        try {
            assertProblem(env(api.gw1, "F5_A=enc(a)\nF5_B=enc(b)\n"), 503, "write_quorum_failed");
        } finally {
            api.cluster.startShard(3);
            api.cluster.startShard(4);
        }
        for (String name : List.of("F1_A", "F1_C", "F2_A", "F3_A", "F4_A", "F4_B", "F5_A", "F5_B")) {
            assertProblem(Http.get(api.gw2 + "/" + name + "?user=" + api.ns), 404, "secret_not_found");
            api.assertNothingStored(name);
        }
        assertThat(api.read(api.gw1, "TAKEN", null)).isEqualTo("x");
    }

    /**
     * A long file is one transaction too, and its deadline grows with its keys (write-timeout plus
     * batch-time-per-key for each key past the first): 2,000 enc() lines are stored whole. Under a flat
     * write timeout a file of 800 lines was answered commit_unconfirmed on an idle local cluster; while
     * every intent listed every member of the batch, a file of 2,000 put 286 MB into one Kafka transaction,
     * which the broker aborted, and was answered commit_unconfirmed after 57 s.
     */
    @Test
    void aFileOfTwoThousandEncLinesIsStoredWhole() {
        int lines = 2_000;
        StringBuilder file = new StringBuilder();
        StringBuilder rewritten = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            file.append("LONG_").append(i).append("=enc(value-").append(i).append(")\n");
            rewritten.append("LONG_").append(i).append("=secret(LONG_").append(i).append(")\n");
        }

        HttpResponse<String> response = Http.sendWithin(Duration.ofSeconds(90), "POST", api.gw1 + "/env?user=" + api.ns,
                TEXT, file.toString());                             // its deadline: 8 s + 1,999 x 25 ms

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(rewritten.toString());
        for (int i : new int[] {0, lines / 2, lines - 1}) {
            assertThat(api.read(api.gw2, "LONG_" + i, null)).isEqualTo("value-" + i);
        }
    }

    // --- Idempotency-Key ---

    /**
     * Issue 13: a .env replay is compared whole (the gateways' MAC of the file, recorded with the key): the
     * same file through the other gateway is answered as the first was; a file whose first value is the same
     * but whose second differs is refused, and nothing of it is written.
     */
    @Test
    void aEnvReplayIsComparedWholeNotByItsFirstValue() {
        String file = "R1_A=enc(same)\nR1_B=enc(first)\n";
        HttpResponse<String> first = Http.send("POST", api.gw1 + "/env?user=" + api.ns, TEXT, file, "Idempotency-Key", "k-env-1");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        HttpResponse<String> replay = Http.send("POST", api.gw2 + "/env?user=" + api.ns, TEXT, file, "Idempotency-Key", "k-env-1");
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.body()).isEqualTo(first.body());
        assertProblem(Http.send("POST", api.gw1 + "/env?user=" + api.ns, TEXT, "R1_A=enc(same)\nR1_B=enc(second)\n",
                "Idempotency-Key", "k-env-1"), 422, "idempotency_key_reused");
        assertThat(api.read(api.gw1, "R1_B", null)).isEqualTo("first");
        assertThat(history("R1_B")).hasSize(1);
    }

    @Test
    void aRetryWithTheSameKeyReturnsTheFirstResponseWithNoSecondEffect() {
        HttpResponse<String> first = Http.send("POST", api.gw1, JSON, api.create("idem", "v-one"), "Idempotency-Key", "k-create-1");
        assertThat(first.statusCode()).isEqualTo(201);
        HttpResponse<String> retry = Http.send("POST", api.gw2, JSON, api.create("idem", "v-one"), "Idempotency-Key", "k-create-1");
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());

        HttpResponse<String> update = Http.send("PUT", api.gw1, JSON, api.update("idem", "v-two"), "Idempotency-Key", "k-update-1");
        assertThat(update.statusCode()).isEqualTo(200);
        assertThat(update.body()).isEqualTo("{\"version\":2}");
        HttpResponse<String> updateRetry = Http.send("PUT", api.gw2, JSON, api.update("idem", "v-two"), "Idempotency-Key", "k-update-1");
        assertThat(updateRetry.statusCode()).isEqualTo(200);
        assertThat(updateRetry.body()).isEqualTo("{\"version\":2}");
        assertThat(history("idem")).hasSize(2);                  // no second effect

        assertProblem(Http.send("PUT", api.gw1, JSON, api.update("idem", "v-other"), "Idempotency-Key", "k-update-1"),
                422, "idempotency_key_reused");
        assertProblem(Http.send("POST", api.gw1, JSON, api.create("idem-2", "v"), "Idempotency-Key", "k-create-1"),
                422, "idempotency_key_reused");
        assertThat(history("idem")).hasSize(2);
        assertField(Http.send("POST", api.gw1, JSON, api.create("idem-3", "v"), "Idempotency-Key", "bad key with spaces"),
                "Idempotency-Key");

        HttpResponse<String> delete = Http.send("DELETE", api.gw1, JSON, api.delete("idem"), "Idempotency-Key", "k-delete-1");
        assertThat(delete.statusCode()).isEqualTo(204);
        assertThat(Http.send("DELETE", api.gw2, JSON, api.delete("idem"), "Idempotency-Key", "k-delete-1").statusCode())
                .isEqualTo(204);

        // keys expire: every record carries the configured TTL (24 h by default); a key is recorded under its token
        String tokenId = Http.token.split("\\.")[1];
        int ttl = api.cql.execute("SELECT TTL(name) FROM dsv_metadata.idempotency WHERE namespace = ? AND idem_key = ?",
                api.ns, tokenId + "/k-create-1").one().getInt(0);
        assertThat(ttl).isBetween(86_000, 86_400);
    }

    // --- If-Match ---

    @Test
    void checkAndSetRefusesAStaleVersion() {
        assertThat(Http.post(api.gw1, api.create("cas", "one")).statusCode()).isEqualTo(201);
        HttpResponse<String> ok = Http.send("PUT", api.gw1, JSON, api.update("cas", "two"), "If-Match", "1");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{\"version\":2}");
        assertProblem(Http.send("PUT", api.gw2, JSON, api.update("cas", "three"), "If-Match", "1"), 412, "version_mismatch");
        assertProblem(Http.send("DELETE", api.gw2, JSON, api.delete("cas"), "If-Match", "\"1\""), 412, "version_mismatch");
        assertField(Http.send("PUT", api.gw2, JSON, api.update("cas", "three"), "If-Match", "latest"), "If-Match");
        assertThat(api.read(api.gw1, "cas", null)).isEqualTo("two");
        assertThat(Http.send("DELETE", api.gw2, JSON, api.delete("cas"), "If-Match", "\"2\"").statusCode()).isEqualTo(204);
    }

    // --- history and point-in-time reads ---

    @Test
    void historyListsVersionsWithMeetingIntervalsAndAtReadsTheVersionThenValid() {
        assertThat(Http.post(api.gw1, api.create("timeline", "t1")).statusCode()).isEqualTo(201);
        assertThat(Http.put(api.gw2, api.update("timeline", "t2")).statusCode()).isEqualTo(200);
        assertThat(Http.put(api.gw1, api.update("timeline", "t3")).statusCode()).isEqualTo(200);

        List<Map<String, String>> history = history("timeline");
        assertThat(history).extracting(h -> h.get("version")).containsExactly("1", "2", "3");
        assertThat(history).allSatisfy(h -> assertThat(h).containsEntry("state", "active").doesNotContainKey("value")
                .hasEntrySatisfying("writer", writer -> assertThat(writer).startsWith("root(")));
        assertIntervalsMeet(history);
        assertThat(history.get(2).get("validTo")).isNull();

        for (int i = 0; i < 3; i++) {
            Instant from = Instant.parse(history.get(i).get("validFrom"));
            assertThat(readAt("timeline", from).body()).isEqualTo("t" + (i + 1));
            if (i < 2) {
                Instant to = Instant.parse(history.get(i).get("validTo"));
                assertThat(readAt("timeline", to.minusMillis(1)).body()).isEqualTo("t" + (i + 1));
            }
        }
        assertProblem(readAt("timeline", Instant.parse(history.get(0).get("validFrom")).minusMillis(1)), 404, "version_not_found");
        assertField(Http.get(api.gw1 + "/timeline?user=" + api.ns + "&at=yesterday"), "at");

        // delete keeps the history's metadata: the old versions destroyed, a tombstone on top
        assertThat(Http.delete(api.gw1, api.delete("timeline")).statusCode()).isEqualTo(204);
        List<Map<String, String>> after = history("timeline");
        assertThat(after).extracting(h -> h.get("state")).containsExactly("destroyed", "destroyed", "destroyed", "deleted");
        assertIntervalsMeet(after);
    }

    @Test
    void deleteWithTwoNodesDownStillDestroysEnoughSharesToMakeEveryVersionUnrecoverable() {
        assertThat(Http.post(api.gw1, api.create("doomed", "d1")).statusCode()).isEqualTo(201);
        assertThat(Http.put(api.gw1, api.update("doomed", "d2")).statusCode()).isEqualTo(200);
        api.cluster.stopShard(0);
        api.cluster.stopShard(1);
        try {
            // n - k + 1 = 3 holders confirm: at most k - 1 = 2 shares of any version survive
            assertThat(Http.delete(api.gw2, api.delete("doomed")).statusCode()).isEqualTo(204);
            for (int live = 2; live < 5; live++) {
                assertThat(api.sharesOn(live, "doomed")).as("shares on live node %d", live).isZero();
            }
            // what survives on the two stopped nodes is one share per version each: 2 < k per version
            assertThat(api.sharesOn(0, "doomed") + api.sharesOn(1, "doomed")).isLessThanOrEqualTo(2L * (api.cluster.settings().k() - 1));
        } finally {
            api.cluster.startShard(0);
            api.cluster.startShard(1);
        }
        // the returning nodes destroy their copies from their command topic
        eventually(Duration.ofSeconds(30), () -> api.sharesOf("doomed") == 0);
        assertProblem(Http.get(api.gw1 + "/doomed?user=" + api.ns + "&version=1"), 404, "version_not_found");
    }

    /**
     * Version 1 sent the destroys before the commit: with three of five holders down the client got
     * 503 "nothing was changed" while the queued destroys later wiped the secret. Now the tombstone
     * commits first: either the delete is reported (204, or 503 destroy_pending and the secret is
     * already unreadable), or the secret is still readable after the nodes return.
     */
    @Test
    void aDeleteThatCannotReachEnoughHoldersIsCommittedAndReportedAsDestroyPending() {
        assertThat(Http.post(api.gw1, api.create("half-deleted", "h1")).statusCode()).isEqualTo(201);
        api.cluster.stopShard(0);
        api.cluster.stopShard(1);
        api.cluster.stopShard(2);
        HttpResponse<String> response;
        try {
            response = Http.delete(api.gw2, api.delete("half-deleted"));
            if (response.statusCode() == 503 && response.body().contains("destroy_pending")) {
                assertProblem(Http.get(api.gw1 + "/half-deleted?user=" + api.ns), 404, "secret_not_found");
            }
        } finally {
            api.cluster.startShard(0);
            api.cluster.startShard(1);
            api.cluster.startShard(2);
        }
        assertProblem(response, 503, "destroy_pending");
        // the returning holders destroy their shares from the log
        eventually(Duration.ofSeconds(30), () -> api.sharesOf("half-deleted") == 0);
        assertProblem(Http.get(api.gw2 + "/half-deleted?user=" + api.ns), 404, "secret_not_found");
    }

    /**
     * A create queued behind a delete keeps its shares: the delete destroys exactly the transactions of
     * the versions it deleted. (Version 1 destroyed every share of the key, so a create whose shares
     * reached a node before the delete's destroy was answered 201 and could not be read.)
     */
    @Test
    void aCreateQueuedBehindADeleteKeepsItsShares() throws Exception {
        for (int round = 0; round < 8; round++) {
            String name = "reborn-" + round;
            assertThat(Http.post(api.gw1, api.create(name, "old-" + round)).statusCode()).isEqualTo(201);
            var delete = java.util.concurrent.CompletableFuture.supplyAsync(() -> Http.delete(api.gw1, api.delete(name)));
            Thread.sleep(2L * round);                     // land the create's intent just after the delete's
            HttpResponse<String> create = Http.post(api.gw2, api.create(name, "new-" + round));
            assertThat(delete.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(204);
            if (create.statusCode() == 201) {
                assertThat(api.read(api.gw1, name, null)).as("round %d", round).isEqualTo("new-" + round);
            } else {
                assertProblem(create, 409, "secret_exists");
            }
        }
    }

    // --- concurrency through two gateways ---

    @Test
    void oneHundredConcurrentCreatesOfOneKeyGiveOneCreatedAndNinetyNineConflicts() throws Exception {
        List<HttpResponse<String>> responses = concurrently(100, i ->
                Http.post(i % 2 == 0 ? api.gw1 : api.gw2, api.create("race", "value-" + i)));
        assertThat(responses).filteredOn(r -> r.statusCode() == 201).hasSize(1);
        assertThat(responses).filteredOn(r -> r.statusCode() == 409 && r.body().contains("secret_exists")).hasSize(99);
        assertThat(history("race")).hasSize(1);
    }

    @Test
    void fiftyConcurrentUpdatesGiveFiftyConsecutiveVersionsWithoutGapsOrOverlaps() throws Exception {
        assertThat(Http.post(api.gw1, api.create("counter", "start")).statusCode()).isEqualTo(201);
        List<HttpResponse<String>> responses = concurrently(50, i ->
                Http.put(i % 2 == 0 ? api.gw1 : api.gw2, api.update("counter", "value-" + i)));
        List<Long> versions = new ArrayList<>();
        for (HttpResponse<String> r : responses) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            versions.add(Long.parseLong(r.body().replaceAll("\\D", "")));
        }
        assertThat(versions).doesNotHaveDuplicates().hasSize(50);
        assertThat(versions.stream().mapToLong(Long::longValue).min().orElseThrow()).isEqualTo(2);
        assertThat(versions.stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(51);
        List<Map<String, String>> history = history("counter");
        assertThat(history).hasSize(51);
        assertIntervalsMeet(history);
    }

    @Test
    void aBatchAndASingleWriteRacingOnOneKeyLeaveOneWinnerAndNothingHalfApplied() throws Exception {
        for (int round = 0; round < 5; round++) {
            String shared = "RACE_" + round;
            String other = "RACE_OTHER_" + round;
            List<HttpResponse<String>> responses = concurrently(2, i -> i == 0
                    ? env(api.gw1, other + "=enc(batch)\n" + shared + "=enc(batch)\n")
                    : Http.post(api.gw2, api.create(shared, "single")));
            HttpResponse<String> batch = responses.get(0);
            HttpResponse<String> single = responses.get(1);
            assertThat(List.of(batch.statusCode(), single.statusCode())).as(batch.body() + single.body())
                    .containsExactlyInAnyOrder(batch.statusCode() == 200 ? 200 : 409, single.statusCode() == 201 ? 201 : 409);
            assertThat(batch.statusCode() == 200 ^ single.statusCode() == 201).as("exactly one wins").isTrue();
            if (batch.statusCode() == 200) {
                assertThat(api.read(api.gw1, shared, null)).isEqualTo("batch");
                assertThat(api.read(api.gw1, other, null)).isEqualTo("batch");
            } else {
                assertThat(api.read(api.gw1, shared, null)).isEqualTo("single");
                assertProblem(Http.get(api.gw1 + "/" + other + "?user=" + api.ns), 404, "secret_not_found");
                api.assertNothingStored(other);
            }
        }
    }

    // --- helpers ---

    private static HttpResponse<String> env(String gateway, String file) {
        return Http.send("POST", gateway + "/env?user=" + api.ns, TEXT, file);
    }

    private static HttpResponse<String> readAt(String name, Instant at) {
        return Http.get(api.gw2 + "/" + name + "?user=" + api.ns + "&at=" + at);
    }

    /** The history as a list of field maps (a tiny parser for the flat JSON objects it returns). */
    private static List<Map<String, String>> history(String name) {
        HttpResponse<String> response = Http.get(api.gw1 + "/" + name + "/history?user=" + api.ns);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestText.objects(response.body());
    }

    /** Consecutive versions: each one's validTo is exactly the next one's validFrom, and time moves forward. */
    private static void assertIntervalsMeet(List<Map<String, String>> history) {
        for (int i = 0; i + 1 < history.size(); i++) {
            Map<String, String> current = history.get(i);
            Map<String, String> next = history.get(i + 1);
            assertThat(Long.parseLong(next.get("version"))).isEqualTo(Long.parseLong(current.get("version")) + 1);
            if (next.get("validFrom") != null && current.get("validFrom") != null) {
                assertThat(current.get("validTo")).as("validTo of %s", current.get("version")).isEqualTo(next.get("validFrom"));
                assertThat(Instant.parse(next.get("validFrom"))).isAfter(Instant.parse(current.get("validFrom")));
            }
        }
    }

    private static List<HttpResponse<String>> concurrently(int count, java.util.function.IntFunction<HttpResponse<String>> call)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit((Callable<HttpResponse<String>>) () -> {
                    start.await();
                    return call.apply(index);
                }));
            }
            start.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> f : futures) {
                responses.add(f.get(120, java.util.concurrent.TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}
