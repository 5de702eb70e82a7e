package io.dsv.local;

import io.dsv.client.ops.KafkaTopicsConfiguration;
import io.dsv.rpc.Peer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Grants each service its Kafka user (SCRAM) and its role's ACLs as the broker's administrator, and
 * creates the topics (services may not): for the local cluster, and for any broker through
 * {@code dsv-operator kafka-access}.
 */
final class KafkaAccess implements AutoCloseable {

    /** The property a service reads its Kafka login from (a file of that name in a config tree). */
    static final String LOGIN_PROPERTY = "spring.kafka.properties.sasl.jaas.config";

    private final Admin admin;
    private final Function<String, String> passwords;

    /** {@code passwords}: each user's password (made on first use and kept by the caller). */
    KafkaAccess(Map<String, Object> adminConfig, Function<String, String> passwords) {
        this.admin = Admin.create(adminConfig);
        this.passwords = passwords;
    }

    /** The shared topics, made once (kept across restarts). */
    void createTopics() {
        create(KafkaTopicsConfiguration.topics());
    }

    /**
     * The instance's user (made, or given its password again) and its role's ACLs, and for a shard node its
     * command topic; returns the JAAS line the service logs in with.
     */
    synchronized String grant(Peer peer) {
        String user = KafkaAcls.user(peer);
        String password = passwords.apply(user);
        await(admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 8192), password))).all());
        await(admin.createAcls(KafkaAcls.of(peer)).all());
        if (peer.role() == io.dsv.rpc.Role.SHARD) {
            create(List.of(KafkaTopicsConfiguration.shardTopic(peer.id())));
        }
        return KafkaCredentials.scramLogin(user, password);
    }

    private void create(List<NewTopic> topics) {
        List<String> existing = await(admin.listTopics().names()).stream().toList();
        List<NewTopic> missing = new ArrayList<>(topics.stream().filter(t -> !existing.contains(t.name())).toList());
        if (missing.isEmpty()) {
            return;
        }
        try {
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create Kafka topics " + missing, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not create topics within 30 s", e);
        }
    }

    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the Kafka administrator's call failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer the administrator within 30 s", e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
