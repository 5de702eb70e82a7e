package io.dsv.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsv.core.protocol.Topics;
import io.dsv.rpc.Peer;
import io.dsv.rpc.Role;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 13 on the real broker: every client authenticates, and each service's Kafka user may do what
 * its role needs and nothing more (design §6). A shard node's password reads no other node's commands
 * and writes no intent, decision or membership; a gateway's writes no membership and reads no shard's
 * commands; a client without a password, or with a wrong one, is refused.
 */
@ExtendWith(SharedCluster.class)
@Order(13)
class KafkaAclTest {

    private static final byte[] JUNK = {1, 2, 3};

    @Test
    void aShardNodesUserReadsItsOwnCommandsOnlyAndWritesOnlyAcknowledgements() throws Exception {
        LocalCluster cluster = SharedCluster.cluster();
        Peer shard1 = new Peer(Role.SHARD, cluster.settings().shardId(0));
        String own = Topics.shard(shard1.id());
        String other = Topics.shard(cluster.settings().shardId(1));

        assertThat(readable(cluster.kafkaConfigAs(shard1), own)).as("its own command topic").isTrue();
        refused(() -> readable(cluster.kafkaConfigAs(shard1), other), TopicAuthorizationException.class);
        refused(() -> readable(cluster.kafkaConfigAs(shard1), Topics.TX), TopicAuthorizationException.class);

        send(cluster.kafkaConfigAs(shard1), Topics.REPLIES);                           // allowed: no exception
        for (String forbidden : List.of(Topics.TX, Topics.MEMBERSHIP, Topics.AUDIT, Topics.REPAIR, other)) {
            refused(() -> send(cluster.kafkaConfigAs(shard1), forbidden), TopicAuthorizationException.class, forbidden);
        }
    }

    @Test
    void aGatewaysUserWritesIntentsButNoMembershipAndReadsNoShardsCommands() throws Exception {
        LocalCluster cluster = SharedCluster.cluster();
        Map<String, Object> gateway = cluster.kafkaConfigAs(new Peer(Role.GATEWAY, cluster.settings().gatewayId(0)));
        refused(() -> send(gateway, Topics.MEMBERSHIP), TopicAuthorizationException.class);
        refused(() -> readable(gateway, Topics.shard(cluster.settings().shardId(0))), TopicAuthorizationException.class);
        refused(() -> readable(gateway, Topics.TX), TopicAuthorizationException.class);
        Map<String, Object> metadata = cluster.kafkaConfigAs(new Peer(Role.METADATA, cluster.settings().metadataId(0)));
        refused(() -> send(metadata, Topics.MEMBERSHIP), TopicAuthorizationException.class);
        refused(() -> readable(metadata, Topics.shard(cluster.settings().shardId(0))), TopicAuthorizationException.class);
    }

    @Test
    void noPasswordOrAWrongOneIsRefused() {
        LocalCluster cluster = SharedCluster.cluster();
        Map<String, Object> plaintext = new HashMap<>(Map.of("bootstrap.servers", cluster.kafkaBootstrapServers()));
        refused(() -> send(plaintext, Topics.REPLIES), org.apache.kafka.common.errors.TimeoutException.class, "no SASL: no metadata");
        Map<String, Object> wrong = KafkaCredentials.clientConfig(cluster.kafkaBootstrapServers(),
                cluster.settings().shardId(0), "not-the-password");
        refused(() -> send(wrong, Topics.REPLIES), SaslAuthenticationException.class);
    }

    /**
     * The operator's {@code kafka-access} against the real broker, as its administrator: a new shard node's user
     * gets its own command topic and nothing of another node's; running it again keeps the password.
     */
    @Test
    void theOperatorGrantsANewShardNodeItsOwnTopicOnly(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        LocalCluster cluster = SharedCluster.cluster();
        java.util.Properties admin = new java.util.Properties();
        cluster.kafkaAdminConfig().forEach((k, v) -> admin.put(k, v.toString()));
        java.nio.file.Path adminFile = dir.resolve("admin.properties");
        try (var out = java.nio.file.Files.newOutputStream(adminFile)) {
            admin.store(out, null);
        }
        java.nio.file.Path logins = dir.resolve("logins");
        String[] args = {"kafka-access", "--admin-config", adminFile.toString(), "--out", logins.toString(),
                "--peer", "shard:shard-op-7"};
        assertThat(OperatorMain.commandLine().execute(args)).isZero();
        String login = java.nio.file.Files.readString(logins.resolve("shard-op-7.jaas"));
        assertThat(java.nio.file.Files.getPosixFilePermissions(logins.resolve("shard-op-7.jaas")))
                .containsOnly(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        Map<String, Object> asNewNode = new HashMap<>(Map.of("bootstrap.servers", cluster.kafkaBootstrapServers(),
                "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-256", "sasl.jaas.config", login));

        assertThat(readable(asNewNode, Topics.shard("shard-op-7"))).as("its topic, created for it").isTrue();
        refused(() -> readable(asNewNode, Topics.shard(cluster.settings().shardId(0))), TopicAuthorizationException.class);
        refused(() -> send(asNewNode, Topics.TX), TopicAuthorizationException.class);
        assertThat(OperatorMain.commandLine().execute(args)).isZero();
        assertThat(java.nio.file.Files.readString(logins.resolve("shard-op-7.jaas"))).as("the same password").isEqualTo(login);
    }

    /** The call fails, and the deepest cause is {@code expected} (the client wraps it, or not). */
    private static void refused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Class<? extends Throwable> expected,
                                String... what) {
        assertThatThrownBy(call).as(what.length == 0 ? "refused" : what[0]).satisfies(e -> {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            assertThat(root).isInstanceOf(expected);
        });
    }

    /** Reads from the topic's first partition; true when the broker let it. */
    private static boolean readable(Map<String, Object> login, String topic) {
        Map<String, Object> config = new HashMap<>(login);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            consumer.poll(Duration.ofSeconds(2));
            consumer.position(partition, Duration.ofSeconds(10));
            return true;
        }
    }

    private static void send(Map<String, Object> login, String topic) throws Exception {
        Map<String, Object> config = new HashMap<>(login);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "acl-test", JUNK)).get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
