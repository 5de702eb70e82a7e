package io.dsv.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Finds a JDK that can run Cassandra 5.0 (17 or 11; 24+ lacks the security manager it needs). */
final class JavaLocator {

    private JavaLocator() {
    }

    static Path jdkForCassandra() {
        String configured = System.getenv("CASSANDRA_JAVA_HOME");
        if (configured != null && !configured.isBlank()) {
            Path home = Path.of(configured);
            if (Files.isExecutable(home.resolve("bin/java"))) {
                return home;
            }
            throw new IllegalStateException("CASSANDRA_JAVA_HOME=" + configured + " has no bin/java");
        }
        int feature = Runtime.version().feature();
        if (feature == 17 || feature == 11) {
            return Path.of(System.getProperty("java.home"));
        }
        try (Stream<Path> jvms = Files.list(Path.of("/usr/lib/jvm"))) {
            return jvms.filter(p -> p.getFileName().toString().matches(".*-17(-|\\.|$).*|.*-17-.*|java-17.*|.*jdk-17.*"))
                    .filter(p -> Files.isExecutable(p.resolve("bin/java")))
                    .findFirst()
                    .orElseThrow(JavaLocator::noJdk);
        } catch (IOException e) {
            throw noJdk();
        }
    }

    private static IllegalStateException noJdk() {
        return new IllegalStateException("Cassandra 5.0 needs a JDK 17 (or 11) and none was found:"
                + " set CASSANDRA_JAVA_HOME to one");
    }
}
