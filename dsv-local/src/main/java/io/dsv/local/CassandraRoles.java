package io.dsv.local;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import io.dsv.core.security.OwnerOnlyFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Least privilege in Cassandra (design §6): one role per keyspace, which may do everything in its
 * keyspace and nothing anywhere else, so one shard node's credentials read no other node's shares and
 * no metadata. The local cluster's own superuser ({@code dsv_admin}) creates the keyspaces and roles;
 * the default {@code cassandra} superuser is disabled on first start. Passwords are random and kept
 * under the data directory, owner-only, one directory per role holding {@code spring.cassandra.username}
 * and {@code spring.cassandra.password}, which a service reads as a config tree: no password on a
 * command line.
 */
public final class CassandraRoles implements AutoCloseable {

    static final String ADMIN = "dsv_admin";
    private static final String DEFAULT_SUPERUSER = "cassandra";

    private final String contactPoint;
    private final Path dir;
    private final SecureRandom random = new SecureRandom();
    private String adminPassword;
    private CqlSession admin;

    CassandraRoles(String contactPoint, Path dir) {
        this.contactPoint = contactPoint;
        this.dir = dir;
    }

    /** The cluster's superuser: made on first start (the default one then disabled), else logged in with. */
    synchronized void setUp(Duration timeout) {
        Path passwordFile = dir.resolve(ADMIN + ".password");
        if (Files.exists(passwordFile)) {
            adminPassword = read(passwordFile);
            admin = loginWithin(ADMIN, adminPassword, timeout);
            return;
        }
        adminPassword = newPassword();
        try (CqlSession bootstrap = loginWithin(DEFAULT_SUPERUSER, DEFAULT_SUPERUSER, timeout)) {
            bootstrap.execute("CREATE ROLE IF NOT EXISTS " + ADMIN + " WITH SUPERUSER = true AND LOGIN = true AND PASSWORD = '"
                    + adminPassword + "'");
        }
        writeOwnerOnly(passwordFile, adminPassword);
        admin = loginWithin(ADMIN, adminPassword, timeout);
        admin.execute("ALTER ROLE " + DEFAULT_SUPERUSER + " WITH SUPERUSER = false AND LOGIN = false");
    }

    /**
     * The keyspace, its role and the role's grants (made once, kept across restarts); returns the
     * directory to import as a config tree.
     */
    synchronized Path roleFor(String keyspace) {
        if (!keyspace.matches("[a-z][a-z0-9_]{0,47}")) {
            throw new IllegalArgumentException("not a keyspace name: " + keyspace);
        }
        Path roleDir = dir.resolve(keyspace);
        Path passwordFile = roleDir.resolve("spring.cassandra.password");
        String password = secret(passwordFile);
        admin.execute("CREATE KEYSPACE IF NOT EXISTS " + keyspace
                + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        admin.execute("CREATE ROLE IF NOT EXISTS " + keyspace + " WITH LOGIN = true AND PASSWORD = '" + password + "'");
        admin.execute("ALTER ROLE " + keyspace + " WITH PASSWORD = '" + password + "'");
        admin.execute("GRANT ALL PERMISSIONS ON KEYSPACE " + keyspace + " TO " + keyspace);
        writeOwnerOnly(roleDir.resolve("spring.cassandra.username"), keyspace);
        return roleDir;
    }

    /** A session as the cluster's superuser, for the operator's own checks (the caller closes it). */
    public CqlSession adminSession() {
        return login(ADMIN, adminPassword);
    }

    /** A session as the cluster's superuser in {@code keyspace} (the caller closes it): tests of one service's store. */
    public CqlSession adminSession(String keyspace) {
        return builder(ADMIN, adminPassword).withKeyspace(keyspace).build();
    }

    /** A session as the role of {@code keyspace} (the caller closes it): what that service itself can do. */
    public CqlSession sessionAs(String keyspace) {
        return login(keyspace, read(dir.resolve(keyspace).resolve("spring.cassandra.password")));
    }

    private CqlSession loginWithin(String user, String password, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return login(user, password);
            } catch (AllNodesFailedException | AuthenticationException e) {
                // the default superuser appears a moment after the node opens its port
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot log in to Cassandra as " + user + " at " + contactPoint, e);
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while logging in to Cassandra", interrupted);
                }
            }
        }
    }

    private CqlSession login(String user, String password) {
        return builder(user, password).build();
    }

    private com.datastax.oss.driver.api.core.CqlSessionBuilder builder(String user, String password) {
        String[] hostPort = contactPoint.split(":");
        return CqlSession.builder().addContactPoint(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])))
                .withLocalDatacenter("datacenter1").withAuthCredentials(user, password);
    }

    private static String secret(Path file) {
        try {
            return OwnerOnlyFile.secret(file, 24);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep a Cassandra password in " + file, e);
        }
    }

    private String newPassword() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void writeOwnerOnly(Path file, String content) {
        try {
            OwnerOnlyFile.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }
}
