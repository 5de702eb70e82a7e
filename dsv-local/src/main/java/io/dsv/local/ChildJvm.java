package io.dsv.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a JVM of this JDK on dsv-local's own classpath (every service's classes and their libraries,
 * listed at build time in a file), its output appended to a log file. The child watches this process
 * ({@code dsv.parent-pid}) and exits with it, so none is left behind however the launcher ends.
 */
final class ChildJvm {

    /** The file the build writes dsv-local's runtime classpath to (maven-dependency-plugin). */
    static final String CLASSPATH_FILE_PROPERTY = "dsv.local.classpath-file";
    /** dsv-local's own compiled classes, which that file does not list. */
    static final String CLASSES_DIR_PROPERTY = "dsv.local.classes-dir";

    private final Path argFile;

    ChildJvm(Path dataDir) {
        try {
            Path dir = dataDir.resolve("jvm");
            Files.createDirectories(dir);
            argFile = dir.resolve("classpath.argfile");
            Files.writeString(argFile, "-cp " + classpath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the child JVMs' classpath", e);
        }
    }

    Process start(String mainClass, List<String> jvmOptions, List<String> args, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Ddsv.parent-pid=" + ProcessHandle.current().pid());
        command.add("@" + argFile);
        command.add(mainClass);
        command.addAll(args);
        try {
            Files.createDirectories(log.getParent());
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + mainClass, e);
        }
    }

    private static String classpath() throws IOException {
        String file = System.getProperty(CLASSPATH_FILE_PROPERTY);
        String classes = System.getProperty(CLASSES_DIR_PROPERTY);
        if (file == null || !Files.isRegularFile(Path.of(file)) || classes == null) {
            throw new IllegalStateException("dsv-local's classpath file is missing (" + file + "): build with "
                    + "./mvnw -pl dsv-local -am install -DskipTests first");
        }
        return classes + java.io.File.pathSeparator + Files.readString(Path.of(file)).trim();
    }

    /** SIGTERM, then SIGKILL if the process has not ended within {@code grace}; null is nothing to stop. */
    static void terminate(Process process, java.time.Duration grace) {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL, as a crash looks to the others; null is nothing to kill. */
    static void kill(Process process) {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGSTOP or SIGCONT (the JDK has no call for either). */
    static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
