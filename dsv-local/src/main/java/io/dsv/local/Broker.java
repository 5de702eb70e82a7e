package io.dsv.local;

/** The local cluster's Kafka broker: in this JVM (the default) or a JVM of its own ({@code --processes}). */
public interface Broker extends AutoCloseable {

    String bootstrapServers();

    /** What a client needs to log in as the broker's superuser (the launcher, the operator, tests). */
    java.util.Map<String, Object> adminClientConfig();

    /** Starts it (again, on the same data), and returns once it answers. */
    void start();

    /** A clean stop. */
    @Override
    void close();

    /** kill -9 (in this JVM, a clean stop). */
    void kill();

    /** The process id, or -1 in this JVM. */
    long pid();
}
