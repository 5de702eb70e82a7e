package io.dsv.local;

/**
 * One running service of the local cluster, in this JVM (a Spring context) or as a JVM of its own
 * ({@code --processes}). Only a process can be killed or paused the way a machine fails.
 */
public interface ServiceNode {

    String name();

    /** Where it serves HTTP. */
    String url();

    /** The process id, or -1 for a context in this JVM. */
    long pid();

    boolean alive();

    /** Starts it (again, after a stop or kill), and returns once it answers. */
    void start();

    /** A clean stop: SIGTERM for a process, closing the context in this JVM. */
    void stop();

    /** kill -9; in this JVM, the same as {@link #stop()}. */
    void kill();

    /** SIGSTOP: frozen, its connections open but silent. Processes only. */
    void pause();

    /** SIGCONT after {@link #pause()}. */
    void resume();
}
