package io.dsv.local;

import io.dsv.core.security.OwnerOnlyFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The local broker's passwords: one random password per Kafka user, made on first use and kept
 * owner-only under the broker's data directory, so the broker (in this JVM or its own) and the
 * launcher that grants access agree on them across restarts.
 */
final class KafkaCredentials {

    /** The broker's superuser: it talks to itself as this user and the launcher grants access with it. */
    static final String ADMIN = "dsv_admin";
    /** The controller listener's only user (SASL/PLAIN: SCRAM is not available to KRaft controllers). */
    static final String CONTROLLER = "dsv_controller";
    static final String MECHANISM = "SCRAM-SHA-256";

    private final Path dir;

    KafkaCredentials(Path kafkaDataDir) {
        this.dir = kafkaDataDir.resolve("credentials");
    }

    /**
     * Makes the broker's own passwords before it first starts (so a launcher and a broker JVM of its own
     * never race to make them), and refuses data formatted before the broker had a SCRAM superuser.
     */
    void prepare(Path kafkaDataDir) {
        boolean formatted = Files.exists(kafkaDataDir.resolve("log").resolve("meta.properties"));
        if (formatted && !Files.exists(file(ADMIN))) {
            throw new IllegalStateException("the Kafka data in " + kafkaDataDir + " predates Kafka authentication (it has"
                    + " no superuser); start with a new data directory (remove it, or pass another --data-dir)");
        }
        password(ADMIN);
        password(CONTROLLER);
    }

    String password(String user) {
        try {
            return OwnerOnlyFile.secret(file(user), 24);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the Kafka password of " + user + " under " + dir, e);
        }
    }

    private Path file(String user) {
        if (!user.matches("[a-z][a-z0-9_-]{0,63}")) {
            throw new IllegalArgumentException("not a Kafka user name: " + user);
        }
        return dir.resolve(user + ".password");
    }

    /** The JAAS line a client logs in with (SCRAM). */
    static String scramLogin(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** What a client needs to log in as the broker's superuser (the launcher, the operator, tests). */
    Map<String, Object> adminClientConfig(String bootstrapServers) {
        return clientConfig(bootstrapServers, ADMIN, password(ADMIN));
    }

    /** What any Kafka client needs to log in to the local broker as {@code user}. */
    static Map<String, Object> clientConfig(String bootstrapServers, String user, String password) {
        return Map.of("bootstrap.servers", bootstrapServers, "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", MECHANISM, "sasl.jaas.config", scramLogin(user, password));
    }
}
