package io.dsv.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real single-node Cassandra, started as a child JVM from cassandra-all's jars (never in this JVM:
 * it installs a security manager and may exit the process). Data under {@code dataDir} survives
 * restarts. Needs a JDK 17 (or 11): this JVM's when it is one, else {@code CASSANDRA_JAVA_HOME}.
 */
public final class CassandraNode implements AutoCloseable {

    /** System property naming the file that holds cassandra-all's classpath (dsv-cassandra-runtime builds it). */
    public static final String CLASSPATH_FILE_PROPERTY = "dsv.cassandra.classpath-file";

    private final Path dataDir;
    private final int nativePort;
    private final int storagePort;
    private Process process;

    public CassandraNode(Path dataDir, int nativePort, int storagePort) {
        this.dataDir = dataDir.toAbsolutePath();
        this.nativePort = nativePort;
        this.storagePort = storagePort;
    }

    public String contactPoint() {
        return "127.0.0.1:" + nativePort;
    }

    public Path logFile() {
        return dataDir.resolve("logs/system.log");
    }

    public void start(Duration timeout) {
        try {
            Files.createDirectories(dataDir.resolve("logs"));
            Files.createDirectories(dataDir.resolve("triggers"));
            writeConfig();
            ProcessBuilder builder = new ProcessBuilder(command())
                    .redirectErrorStream(true)
                    .redirectOutput(dataDir.resolve("logs/stdout.log").toFile());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Cassandra", e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!portOpen(nativePort)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Cassandra exited during startup (exit " + process.exitValue()
                        + "); see " + dataDir.resolve("logs"));
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("Cassandra did not open port " + nativePort + " within " + timeout
                        + "; see " + dataDir.resolve("logs"));
            }
            sleep(250);
        }
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The process id, or -1 when it does not run. */
    public long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    /** kill -9: what a crash of the machine looks like to the services (the commit log is replayed at start). */
    public void kill() {
        Process p = process;
        process = null;
        ChildJvm.kill(p);
    }

    private List<String> command() throws IOException {
        List<String> command = new ArrayList<>();
        List<String> prefix = capabilityDrop();
        command.addAll(prefix);
        command.add(JavaLocator.jdkForCassandra().resolve("bin/java").toString());
        command.addAll(List.of("-Xms512m", "-Xmx512m", "-Xss256k", "-ea", "-XX:+UseThreadPriorities",
                "-XX:+PerfDisableSharedMem", "-XX:+UseG1GC", "-XX:+ParallelRefProcEnabled", "-XX:MaxTenuringThreshold=1",
                "-XX:G1HeapRegionSize=16m", "-XX:MaxGCPauseMillis=300", "-XX:+ExitOnOutOfMemoryError",
                "-Djava.net.preferIPv4Stack=true", "-Djdk.attach.allowAttachSelf=true",
                "-Dio.netty.tryReflectionSetAccessible=true", "-Dio.netty.allocator.useCacheForAllThreads=true",
                "-Dio.netty.allocator.maxOrder=11",
                "-Dcassandra.config=file://" + dataDir.resolve("cassandra.yaml"),
                "-Dlogback.configurationFile=file://" + dataDir.resolve("logback.xml"),
                "-Dcassandra.storagedir=" + dataDir.resolve("data"),
                "-Dcassandra.logdir=" + dataDir.resolve("logs"),
                "-Dcassandra.triggers_dir=" + dataDir.resolve("triggers"),
                "-Dcassandra-foreground=yes", "-Dcassandra.shutdown_announce_in_ms=0",
                "-Dcassandra.superuser_setup_delay_ms=0",
                "-Dcassandra.skip_wait_for_gossip_to_settle=0", "-Dcassandra.ring_delay_ms=0"));
        for (String export : List.of("java.base/jdk.internal.misc", "java.management.rmi/com.sun.jmx.remote.internal.rmi",
                "java.rmi/sun.rmi.registry", "java.rmi/sun.rmi.server", "java.sql/java.sql", "java.base/java.lang.ref",
                "jdk.unsupported/sun.misc", "jdk.compiler/com.sun.tools.javac.file", "jdk.attach/sun.tools.attach")) {
            command.add("--add-exports");
            command.add(export + "=ALL-UNNAMED");
        }
        for (String open : List.of("java.lang.module", "jdk.internal.loader", "jdk.internal.ref", "jdk.internal.reflect",
                "jdk.internal.math", "jdk.internal.module", "jdk.internal.util.jar", "sun.nio.ch", "java.io",
                "java.lang.reflect", "java.lang", "java.util")) {
            command.add("--add-opens");
            command.add("java.base/" + open + "=ALL-UNNAMED");
        }
        command.addAll(List.of("--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
                "--add-opens", "jdk.compiler/com.sun.tools.javac=ALL-UNNAMED"));
        Path argFile = dataDir.resolve("classpath.argfile");
        Files.writeString(argFile, "-cp " + classpath());
        command.add("@" + argFile);
        command.add("org.apache.cassandra.service.CassandraDaemon");
        return command;
    }

    /** As root, Cassandra's mlockall would pin its whole heap; drop that capability where setpriv exists. */
    private static List<String> capabilityDrop() {
        boolean root = "root".equals(System.getProperty("user.name"));
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            if (root && Files.isExecutable(Path.of(dir, "setpriv"))) {
                return List.of(dir + "/setpriv", "--bounding-set=-ipc_lock", "--inh-caps=-ipc_lock");
            }
        }
        return List.of();
    }

    private static String classpath() throws IOException {
        String file = System.getProperty(CLASSPATH_FILE_PROPERTY);
        if (file == null || !Files.isRegularFile(Path.of(file))) {
            throw new IllegalStateException("Cassandra's classpath file is missing (" + file + "): build with "
                    + "./mvnw -pl dsv-local -am install -DskipTests first");
        }
        return Files.readString(Path.of(file)).trim();
    }

    private void writeConfig() throws IOException {
        Path data = dataDir.resolve("data");
        Files.writeString(dataDir.resolve("cassandra.yaml"), String.join("\n",
                "cluster_name: dsv-local",
                "num_tokens: 1",
                "initial_token: 0",
                "partitioner: org.apache.cassandra.dht.Murmur3Partitioner",
                "authenticator: PasswordAuthenticator",             // one role per keyspace: CassandraRoles
                "authorizer: CassandraAuthorizer",
                "role_manager: CassandraRoleManager",
                "data_file_directories: [" + data.resolve("data") + "]",
                "commitlog_directory: " + data.resolve("commitlog"),
                "saved_caches_directory: " + data.resolve("saved_caches"),
                "hints_directory: " + data.resolve("hints"),
                "cdc_raw_directory: " + data.resolve("cdc_raw"),
                // A write is acknowledged only once its commit log is on disk. With periodic sync a kill -9
                // lost up to 10 s of acknowledged writes (replay stops at the last sync marker): the history
                // test caught metadata answering version 6 that a restarted Cassandra no longer had.
                "commitlog_sync: batch",
                "seed_provider:",
                "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
                "    parameters: [{seeds: \"127.0.0.1:" + storagePort + "\"}]",
                "listen_address: 127.0.0.1",
                "rpc_address: 127.0.0.1",
                "storage_port: " + storagePort,
                "native_transport_port: " + nativePort,
                "start_native_transport: true",
                "endpoint_snitch: SimpleSnitch",
                "auto_snapshot: false",
                ""));
        Files.writeString(dataDir.resolve("logback.xml"), "<configuration><appender name=\"F\" "
                + "class=\"ch.qos.logback.core.FileAppender\"><file>" + dataDir.resolve("logs/system.log") + "</file>"
                + "<encoder><pattern>%-5level [%thread] %date{ISO8601} %F:%L - %msg%n</pattern></encoder></appender>"
                + "<root level=\"INFO\"><appender-ref ref=\"F\"/></root></configuration>\n");
    }

    /** SIGTERM lets Cassandra flush; a node that does not stop in 20 s is killed. */
    @Override
    public void close() {
        Process p = process;
        process = null;
        ChildJvm.terminate(p, Duration.ofSeconds(20));
    }

    static boolean portOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Cassandra", e);
        }
    }
}
