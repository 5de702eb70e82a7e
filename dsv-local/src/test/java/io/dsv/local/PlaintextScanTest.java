package io.dsv.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs after every other test class: the canary value they wrote through the API (as a secret, an
 * update, an enc() in a .env file) must appear nowhere on disk — not in the Kafka log, not in
 * Cassandra's data or commit log — and in no log line of any service.
 */
@ExtendWith(SharedCluster.class)
@Order(Integer.MAX_VALUE)
class PlaintextScanTest {

    /** Written through the API by the other tests, then looked for byte for byte. */
    static final String CANARY = "canary-7f3a9c1e-plaintext-must-never-rest";

    @Test
    void theCanaryValueIsNowhereOnDiskNorInAnyLog() throws Exception {
        LocalCluster cluster = SharedCluster.cluster();
        List<Path> places = new ArrayList<>();
        places.add(cluster.dataDir().resolve("kafka"));
        places.add(cluster.dataDir().resolve("cassandra/data/data"));
        places.add(cluster.dataDir().resolve("cassandra/data/commitlog"));
        places.add(cluster.dataDir().resolve("cassandra/logs"));
        places.add(Path.of("target/dsv-e2e-services.log"));
        byte[] canary = CANARY.getBytes(StandardCharsets.UTF_8);
        byte[] name = "lifecycle".getBytes(StandardCharsets.UTF_8);
        boolean nameSeen = false;
        long scanned = 0;
        for (Path place : places) {
            for (Path file : files(place)) {
                byte[] bytes = Files.readAllBytes(file);
                scanned += bytes.length;
                assertThat(TestText.indexOf(bytes, canary)).as("canary in %s", file).isEqualTo(-1);
                nameSeen |= TestText.indexOf(bytes, name) >= 0;
            }
        }
        // The scan does read the stores: a secret's name (not secret) is there in clear.
        assertThat(nameSeen).isTrue();
        assertThat(scanned).isGreaterThan(100_000);
    }

    private static List<Path> files(Path root) throws Exception {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

}
