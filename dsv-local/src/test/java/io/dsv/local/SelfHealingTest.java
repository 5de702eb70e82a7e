package io.dsv.local;

import static io.dsv.local.TestApi.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.Row;
import io.dsv.core.protocol.Holder;
import io.dsv.core.protocol.MessageCodec;
import io.dsv.core.protocol.Operation;
import io.dsv.core.protocol.SharePut;
import io.dsv.core.protocol.Topics;
import io.dsv.core.protocol.TxIntent;
import io.dsv.core.seal.SealContext;
import io.dsv.core.seal.ShareSealer;
import io.dsv.core.seal.X25519Keys;
import io.dsv.core.shamir.Shamir;
import io.dsv.core.shamir.SaltedShare;
import io.dsv.core.shamir.Share;
import io.dsv.rpc.v1.SweepResult;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 5 on the real cluster: read repair without re-splitting, undecided writes aborted at their
 * deadline, hinted handoff and anti-entropy, each seen in Cassandra itself and in the services' metrics.
 */
@ExtendWith(SharedCluster.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(3)
class SelfHealingTest {

    static TestApi api;

    @BeforeAll
    static void useCluster() {
        api = new TestApi("heal");
    }

    @Test
    @Order(1)
    void aLatestReadMissingOneShareRebuildsItInPlaceWithoutChangingTheVersion() {
        assertThat(Http.post(api.gw1, api.create("mended", "mend-me")).statusCode()).isEqualTo(201);
        Map<Integer, ByteBuffer> before = sealedByNode("mended");
        double requested = metric(api.cluster.gatewayManagementUrl(0), "dsv.repair.requested");
        behindTheNodesBack(1, () -> deleteShareRows(1, "mended"));

        // a read asks k holders from a random one: the reads that ask node 1 find its share missing
        readUntil("mended", "mend-me", Duration.ofSeconds(20), () -> api.sharesOn(1, "mended") == 1);
        assertThat(metric(api.cluster.gatewayManagementUrl(0), "dsv.repair.requested")).isGreaterThan(requested);
        Map<Integer, ByteBuffer> after = sealedByNode("mended");
        for (int node : List.of(0, 2, 3, 4)) {
            assertThat(after.get(node)).as("healthy share on node %d untouched", node).isEqualTo(before.get(node));
        }
        assertThat(api.metadataRows("mended")).isEqualTo(1);     // still version 1, no new version
        // only 3 nodes answer now, one of them with the rebuilt share: it must be a valid one
        assertThat(readWhileDown("mended", 0, 2)).isEqualTo("mend-me");
        assertThat(metric(api.cluster.repairUrl(), "dsv.repair.applied")).isGreaterThanOrEqualTo(1);
    }

    @Test
    @Order(2)
    void historicalReadsNeverAskForRepair() throws Exception {
        assertThat(Http.post(api.gw1, api.create("old-only", "v1")).statusCode()).isEqualTo(201);
        assertThat(Http.put(api.gw1, api.update("old-only", "v2")).statusCode()).isEqualTo(200);
        String v1Tx = txIdOf("old-only", 1);
        behindTheNodesBack(2, () -> api.cql.execute("DELETE FROM dsv_shard_shard_3.shares WHERE namespace = ?"
                + " AND name = ? AND tx_id = ?", api.ns, "old-only", v1Tx));
        double requested = metric(api.cluster.gatewayManagementUrl(1), "dsv.repair.requested");
        double tallied = metric(api.cluster.gatewayManagementUrl(1), "dsv.read.shares.answered");

        assertThat(api.read(api.gw2, "old-only", 1L)).isEqualTo("v1");
        // the read's background tally (which decides on repair first) has run once its count moved
        eventually(Duration.ofSeconds(10), () -> metric(api.cluster.gatewayManagementUrl(1), "dsv.read.shares.answered") > tallied);

        assertThat(metric(api.cluster.gatewayManagementUrl(1), "dsv.repair.requested")).isEqualTo(requested);
        assertThat(rowsOfTx(2, "old-only", v1Tx)).isZero();
    }

    @Test
    @Order(3)
    void anUpdateCommittingDuringARepairIsNeverOverwritten() throws Exception {
        assertThat(Http.post(api.gw1, api.create("racing", "before")).statusCode()).isEqualTo(201);
        behindTheNodesBack(3, () -> deleteShareRows(3, "racing"));
        // read until a read asked node 3 and sent its share for repair, then update at once: the repair
        // (asynchronous, in repair-service) races the update's commit
        double requested = metric(api.cluster.gatewayManagementUrl(0), "dsv.repair.requested");
        readUntil("racing", "before", Duration.ofSeconds(20),
                () -> metric(api.cluster.gatewayManagementUrl(0), "dsv.repair.requested") > requested);
        assertThat(Http.put(api.gw2, api.update("racing", "after")).statusCode()).isEqualTo(200);

        eventually(Duration.ofSeconds(20), () -> api.sharesOn(3, "racing") == 2);   // v1 rebuilt, v2 written
        assertThat(api.read(api.gw2, "racing", null)).isEqualTo("after");
        assertThat(api.read(api.gw2, "racing", 1L)).isEqualTo("before");
        assertThat(api.metadataRows("racing")).isEqualTo(2);
    }

    /**
     * A coordinator that put its intent and every share in the log, then died: metadata needs nobody
     * else to decide, so the write commits from the log alone (W acks before the deadline).
     */
    @Test
    @Order(4)
    void aWriteWhoseCoordinatorDiedAfterSendingEverythingIsDecidedByMetadataAlone() throws Exception {
        String txId = UUID.randomUUID().toString();
        List<Holder> holders = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            holders.add(new Holder(api.cluster.settings().shardId(i), i + 1));
        }
        List<SaltedShare> shares = new Shamir().split("committed-without-its-gateway".getBytes(), 5, 3).stream()
                .map(share -> SaltedShare.of(share, new SecureRandom())).toList();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            TxIntent intent = new TxIntent(txId, api.ns, "orphan", Operation.CREATE, 0, "dead-gateway",
                    System.currentTimeMillis() + 5_000, null, "test", holders,
                    shares.stream().map(SaltedShare::commitment).toList(), null);
            producer.send(new ProducerRecord<>(Topics.TX, api.ns + "/orphan", MessageCodec.encode(intent))).get();
            for (int i = 0; i < 5; i++) {
                String node = api.cluster.settings().shardId(i);
                byte[] sealed = new ShareSealer().seal(shares.get(i).payload(), publicKey(i),
                        new SealContext(api.ns, "orphan", txId, i + 1, node));
                producer.send(new ProducerRecord<>(Topics.shard(node), api.ns + "/orphan",
                        MessageCodec.encode(new SharePut(txId, api.ns, "orphan", i + 1, sealed, false)))).get();
            }
        }
        eventually(Duration.ofSeconds(10), () -> api.metadataRows("orphan") == 1);
        assertThat(api.read(api.gw2, "orphan", null)).isEqualTo("committed-without-its-gateway");
        assertThat(api.sharesOf("orphan")).isEqualTo(5);
    }

    /** An intent whose shares never came: metadata aborts it at its deadline, and the key is writable again. */
    @Test
    @Order(4)
    void metadataAbortsAnIntentWithoutSharesAtItsDeadline() throws Exception {
        String txId = UUID.randomUUID().toString();
        List<Holder> holders = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            holders.add(new Holder(api.cluster.settings().shardId(i), i + 1));
        }
        try (KafkaProducer<String, byte[]> producer = producer()) {
            TxIntent intent = new TxIntent(txId, api.ns, "stuck", Operation.CREATE, 0, "dead-gateway",
                    System.currentTimeMillis() + 3_000, null, "test", holders,
                    holders.stream().map(h -> new byte[32]).toList(), null);
            producer.send(new ProducerRecord<>(Topics.TX, api.ns + "/stuck", MessageCodec.encode(intent))).get();
        }
        // a write queued behind the dead one waits for that one's deadline (3 s, then aborted), then goes through
        long start = System.nanoTime();
        HttpResponse<String> created = Http.post(api.gw1, api.create("stuck", "written-after-all"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        assertThat(api.read(api.gw2, "stuck", null)).isEqualTo("written-after-all");
        assertThat(api.metadataRows("stuck")).isEqualTo(1);
    }

    /**
     * A version committed at W < n: the holder that was down has its share still in its backlog, which is
     * a hint in flight, not a loss. A read that misses it asks for repair, and repair waits for the node
     * instead of rebuilding: the node stores the writer's own share (PENDING), never a rebuilt one.
     */
    @Test
    @Order(5)
    void aShareStillInAHoldersBacklogIsNotRebuiltByReadRepair() throws Exception {
        double deferred = metric(api.cluster.repairUrl(), "dsv.repair.deferred");
        double applied = metric(api.cluster.repairUrl(), "dsv.repair.applied");
        int down = 4;                                     // n = 5 on five nodes: every node holds a share
        api.cluster.stopShard(down);
        try {
            assertThat(Http.post(api.gw1, api.create("backlogged", "hint-in-flight")).statusCode()).isEqualTo(201);
            // the reads that ask node 4 get no answer from it and send its share for repair (through the
            // second gateway: the first one's channel to node 4 stays untouched for the tests after this)
            readUntil(api.gw2, "backlogged", "hint-in-flight", Duration.ofSeconds(20),
                    () -> metric(api.cluster.repairUrl(), "dsv.repair.deferred") > deferred);
        } finally {
            api.cluster.startShard(down);
        }
        eventually(Duration.ofSeconds(30), () -> api.sharesOn(down, "backlogged") == 1);
        String keyspace = "dsv_shard_" + api.cluster.settings().shardId(down).replace('-', '_');
        assertThat(api.cql.execute("SELECT state FROM " + keyspace + ".shares WHERE namespace = ? AND name = ?",
                api.ns, "backlogged").one().getString(0)).as("the writer's share, not a rebuilt one").isEqualTo("PENDING");
        assertThat(metric(api.cluster.repairUrl(), "dsv.repair.applied")).isEqualTo(applied);
    }

    @Test
    @Order(6)
    void aNodeThatWasDownFindsItsSharesWaitingAndReportsItselfCaughtUp() throws Exception {
        api.cluster.stopShard(4);
        try {
            List<CompletableFuture<HttpResponse<String>>> writes = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int n = i;
                writes.add(CompletableFuture.supplyAsync(() -> Http.post(n % 2 == 0 ? api.gw1 : api.gw2,
                        api.create("handoff-" + n, "value-" + n))));
                if (writes.size() % 10 == 0) {
                    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
                }
            }
            for (CompletableFuture<HttpResponse<String>> w : writes) {
                assertThat(w.get().statusCode()).as(w.get().body()).isEqualTo(201);
            }
            assertThat(handoffRows()).isZero();
        } finally {
            api.cluster.startShard(4);
        }
        eventually(Duration.ofSeconds(60), () -> handoffRows() == 100);
        eventually(Duration.ofSeconds(15), () -> Http.get(api.cluster.shardUrl(4) + "/actuator/health").body()
                .contains("\"caughtUp\":true"));
        assertThat(metric(api.cluster.shardUrl(4), "dsv.shard.command.lag")).isZero();
    }

    @Test
    @Order(7)
    void antiEntropyFindsSharesDeletedBehindTheClustersBackAndReadsStopAskingForRepair() {
        for (int i = 0; i < 5; i++) {
            assertThat(Http.post(api.gw1, api.create("ae-" + i, "entropy-" + i)).statusCode()).isEqualTo(201);
        }
        // node 3 keeps each row in its row cache as it stores it, and still runs when the table loses them:
        // a row the table lost must still count as lost for repair (W = 4: every share arrives first)
        allCaughtUp();
        for (int i = 0; i < 3; i++) {
            deleteShareRows(2, "ae-" + i);
        }

        SweepResult sweep = api.cluster.operator().antiEntropy(api.cluster.repairId(), api.cluster.repairAddress());
        assertThat(sweep.getSharesMissing()).as(sweep.toString()).isGreaterThanOrEqualTo(3);

        for (int i = 0; i < 3; i++) {
            String name = "ae-" + i;
            // rebuilt by the sweep, or a few seconds later if the node's backlog was not known yet
            eventually(Duration.ofSeconds(20), () -> api.sharesOn(2, name) == 1);
        }
        double requested = metric(api.cluster.gatewayManagementUrl(0), "dsv.repair.requested");
        for (int i = 0; i < 5; i++) {
            assertThat(api.read(api.gw1, "ae-" + i, null)).isEqualTo("entropy-" + i);
        }
        eventually(Duration.ofSeconds(5), () -> true);
        assertThat(metric(api.cluster.gatewayManagementUrl(0), "dsv.repair.requested")).isEqualTo(requested);
        allCaughtUp();
        SweepResult again = api.cluster.operator().antiEntropy(api.cluster.repairId(), api.cluster.repairAddress());
        assertThat(again.getSharesMissing()).as(again.toString()).isZero();
        assertThat(metric(api.cluster.repairUrl(), "dsv.antientropy.shares.fixed")).isGreaterThanOrEqualTo(3);
    }

    /**
     * Issue 13 (design §5.3): a node that answers with a wrong share, sealed properly with its own key so
     * that only the commitment can tell, never changes the value a reader gets; it is named in a metric
     * and the audit trail, and repair rebuilds its share from verified ones only: with two other nodes
     * down, the three left (the liar and a node whose share was lost among them) still give the value.
     */
    @Test
    @Order(8)
    void aNodeThatAnswersWithAWrongShareNeverChangesTheValueIsNamedAndHasItsShareRepaired() {
        assertThat(Http.post(api.gw1, api.create("forged", "the-real-value")).statusCode()).isEqualTo(201);
        allCaughtUp();
        String txId = txIdOf("forged", 1);
        String liar = api.cluster.settings().shardId(0);
        int x = holdersOf("forged", 1).get(liar);
        SaltedShare wrong = SaltedShare.of(new Shamir().split("an-attackers-value".getBytes(), 5, 3).get(x - 1),
                new SecureRandom());
        byte[] forged = new ShareSealer().seal(wrong.payload(), publicKey(0), new SealContext(api.ns, "forged", txId, x, liar));
        behindTheNodesBack(0, () -> api.cql.execute("UPDATE dsv_shard_shard_1.shares SET sealed = ? WHERE namespace = ?"
                + " AND name = ? AND tx_id = ?", ByteBuffer.wrap(forged), api.ns, "forged", txId));
        behindTheNodesBack(1, () -> deleteShareRows(1, "forged"));
        String badShares = "dsv.read.bad.shares?tag=node:" + liar;
        double named = metric(api.cluster.gatewayManagementUrl(0), badShares);

        // every read gives the real value; the reads that ask the liar name it
        readUntil("forged", "the-real-value", Duration.ofSeconds(20),
                () -> metric(api.cluster.gatewayManagementUrl(0), badShares) > named);
        eventually(Duration.ofSeconds(20), () -> Http.get(api.cluster.gatewayUrl(0) + "/api/v1/admin/audit?namespace="
                + api.ns + "&limit=1000").body().matches("(?s).*\\{[^}]*\"phase\":\"bad_share\"[^}]*\"actor\":\"node:"
                + liar + "\"[^}]*\"name\":\"forged\".*"));
        readUntil("forged", "the-real-value", Duration.ofSeconds(30), () -> api.sharesOn(1, "forged") == 1
                && !ByteBuffer.wrap(forged).equals(sealedByNode("forged").get(0)));
        allCaughtUp();
        // shards 1, 2 and 5 answer: two rebuilt shares and one untouched; all three must be right
        assertThat(readWhileDown("forged", 2, 3)).isEqualTo("the-real-value");
    }

    // --- helpers ---

    /**
     * Reads the latest version of {@code name} through the first gateway until {@code done} holds: every
     * read must give {@code expected} (a wrong value fails at once).
     */
    private static void readUntil(String name, String expected, Duration timeout, java.util.function.BooleanSupplier done) {
        readUntil(api.gw1, name, expected, timeout, done);
    }

    /** As above, through this gateway. */
    private static void readUntil(String gateway, String name, String expected, Duration timeout,
                                  java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            assertThat(api.read(gateway, name, null)).isEqualTo(expected);
            if (done.getAsBoolean()) {
                return;
            }
            assertThat(System.nanoTime()).as("%s: condition not met within %s", name, timeout).isLessThan(deadline);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /**
     * Version 1 of {@code name}, read through the second gateway while these shard nodes are stopped. Stopping
     * two nodes loads the two cores, so a node's answer may miss the read deadline once: a 503 is asked
     * again for a while; any other answer (a wrong value above all) is taken as it is.
     */
    private static String readWhileDown(String name, int... down) {
        for (int node : down) {
            api.cluster.stopShard(node);
        }
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (true) {
                HttpResponse<String> response = Http.get(api.gw2 + "/" + name + "?user=" + api.ns + "&version=1");
                if (response.statusCode() != 503 || System.nanoTime() > deadline) {
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                    return response.body();
                }
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            for (int node : down) {
                api.cluster.startShard(node);
            }
        }
    }

    /** Every shard node has applied every command on its topic. */
    private static void allCaughtUp() {
        for (int i = 0; i < api.cluster.settings().shards(); i++) {
            String health = api.cluster.shardUrl(i) + "/actuator/health";
            eventually(Duration.ofSeconds(30), () -> Http.get(health).body().contains("\"caughtUp\":true"));
        }
    }

    /**
     * Changes a node's rows in Cassandra behind its back, as a lost or tampered disk would, with the node
     * stopped meanwhile: a running node answers reads from the rows it stored or read, kept in memory
     * (its row cache), and would not see the change until they leave it. The anti-entropy case changes
     * rows of a running node on purpose.
     */
    private static void behindTheNodesBack(int node, Runnable change) {
        api.cluster.stopShard(node);
        try {
            change.run();
        } finally {
            api.cluster.startShard(node);
        }
    }

    private static void deleteShareRows(int node, String name) {
        String keyspace = "dsv_shard_" + api.cluster.settings().shardId(node).replace('-', '_');
        api.cql.execute("DELETE FROM " + keyspace + ".shares WHERE namespace = ? AND name = ?", api.ns, name);
        assertThat(api.sharesOn(node, name)).isZero();
    }

    private static Map<Integer, ByteBuffer> sealedByNode(String name) {
        Map<Integer, ByteBuffer> sealed = new HashMap<>();
        for (int i = 0; i < 5; i++) {
            String keyspace = "dsv_shard_" + api.cluster.settings().shardId(i).replace('-', '_');
            Row row = api.cql.execute("SELECT sealed FROM " + keyspace + ".shares WHERE namespace = ? AND name = ?",
                    api.ns, name).one();
            sealed.put(i, row == null ? null : row.getByteBuffer(0));
        }
        return sealed;
    }

    private static Map<String, Integer> holdersOf(String name, long version) {
        return api.cql.execute("SELECT holders FROM dsv_metadata.secret_versions WHERE namespace = ? AND name = ? AND version = ?",
                api.ns, name, version).one().getMap(0, String.class, Integer.class);
    }

    private static String txIdOf(String name, long version) {
        return api.cql.execute("SELECT tx_id FROM dsv_metadata.secret_versions WHERE namespace = ? AND name = ? AND version = ?",
                api.ns, name, version).one().getString(0);
    }

    private static long rowsOfTx(int node, String name, String txId) {
        String keyspace = "dsv_shard_" + api.cluster.settings().shardId(node).replace('-', '_');
        return api.cql.execute("SELECT count(*) FROM " + keyspace + ".shares WHERE namespace = ? AND name = ? AND tx_id = ?",
                api.ns, name, txId).one().getLong(0);
    }

    private static long handoffRows() {
        return api.cql.execute("SELECT namespace, name FROM dsv_shard_shard_5.shares WHERE namespace = ? ALLOW FILTERING",
                api.ns).all().stream().filter(r -> r.getString(1).startsWith("handoff-")).count();
    }

    private static java.security.PublicKey publicKey(int node) {
        return X25519Keys.publicKey(api.cluster.operator().identity(api.cluster.settings().shardId(node),
                api.cluster.shardAddress(node)).getPublicKey().toByteArray());
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();                 // as a (dead) gateway: its Kafka user
        props.putAll(api.cluster.kafkaConfigAs(new io.dsv.rpc.Peer(io.dsv.rpc.Role.GATEWAY, "gateway-dead")));
        props.put("acks", "all");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** A counter or gauge from a service's /actuator/metrics (0 when it has not been registered or used). */
    static double metric(String serviceUrl, String name) {
        HttpResponse<String> response = Http.get(serviceUrl + "/actuator/metrics/" + name);
        if (response.statusCode() == 404) {
            return 0;
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Matcher m = Pattern.compile("\"value\":(-?[0-9.E]+)").matcher(response.body());
        assertThat(m.find()).as(response.body()).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
