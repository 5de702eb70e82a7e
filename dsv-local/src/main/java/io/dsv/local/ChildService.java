package io.dsv.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A service as a JVM of its own ({@code dsv-local --processes}): it can be killed, paused and restarted. */
final class ChildService implements ServiceNode {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final String url;
    private final String managementUrl;
    private final String mainClass;
    private final List<String> jvmOptions;
    private final List<String> args;
    private final Path log;
    private final ChildJvm jvm;
    private volatile Process process;

    /** {@code managementUrl}: where its Actuator answers (the gateway's is a port of its own). */
    ChildService(String name, String url, String managementUrl, String mainClass, List<String> jvmOptions, List<String> args,
                 Path log, ChildJvm jvm) {
        this.name = name;
        this.url = url;
        this.managementUrl = managementUrl;
        this.mainClass = mainClass;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.args = List.copyOf(args);
        this.log = log;
        this.jvm = jvm;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    @Override
    public boolean alive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    @Override
    public void start() {
        process = jvm.start(mainClass, jvmOptions, args, log);
        awaitReady(Duration.ofSeconds(180));
    }

    /** Ready means its readiness probe says so (Kafka, and Cassandra where it uses it, answer). */
    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(managementUrl + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2)).build();
        while (true) {
            Process p = process;
            if (p == null || !p.isAlive()) {
                throw new IllegalStateException(name + " exited during startup; see " + log);
            }
            try {
                if (HTTP.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + log);
            }
            sleep(250);
        }
    }

    @Override
    public void stop() {
        Process p = process;
        process = null;
        if (p == null) {
            return;
        }
        if (ProcessHandle.of(p.pid()).isPresent()) {
            ChildJvm.signal(p.pid(), "CONT");                  // a paused JVM cannot act on SIGTERM
        }
        ChildJvm.terminate(p, Duration.ofSeconds(20));
    }

    @Override
    public void kill() {
        Process p = process;
        process = null;
        ChildJvm.kill(p);
    }

    @Override
    public void pause() {
        ChildJvm.signal(pid(), "STOP");
    }

    @Override
    public void resume() {
        ChildJvm.signal(pid(), "CONT");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
