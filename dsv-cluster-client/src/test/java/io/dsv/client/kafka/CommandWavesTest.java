package io.dsv.client.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CommandWavesTest {

    private final ExecutorService workers = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        workers.shutdownNow();
    }

    /** "key:step" commands. */
    private static String key(String command) {
        return command.substring(0, command.indexOf(':'));
    }

    @Test
    void aWaveEndsBeforeAKeyRepeatsOrWhenFull() {
        CommandWaves<String> waves = new CommandWaves<>(workers, 3);
        List<String> commands = List.of("a:1", "b:1", "a:2", "c:1", "d:1", "e:1", "f:1", "f:2");
        assertThat(waves.waveEnds(commands, CommandWavesTest::key)).containsExactly(2, 5, 7, 8);
        assertThat(waves.waveEnds(List.of(), CommandWavesTest::key)).isEmpty();
    }

    @Test
    void eachKeysCommandsApplyInLogOrderWhileKeysRunTogether() throws Exception {
        CommandWaves<String> waves = new CommandWaves<>(workers, 4);
        List<String> commands = new ArrayList<>();
        for (int step = 1; step <= 20; step++) {
            for (String k : List.of("a", "b", "c", "d")) {
                commands.add(k + ":" + step);
            }
        }
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        CountDownLatch fourAtOnce = new CountDownLatch(4);
        waves.apply(commands, CommandWavesTest::key, command -> {
            if (command.endsWith(":1")) {
                fourAtOnce.countDown();
                try {
                    // the first wave's four commands must be running at the same time to get past here
                    assertThat(fourAtOnce.await(5, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            seen.computeIfAbsent(key(command), k -> Collections.synchronizedList(new ArrayList<>()))
                    .add(Integer.parseInt(command.substring(command.indexOf(':') + 1)));
        });
        for (String k : List.of("a", "b", "c", "d")) {
            assertThat(seen.get(k)).as(k).isSorted().hasSize(20);
        }
    }

    @Test
    void aFailureNamesTheLowestFailingIndexAndNothingAfterItsWaveRuns() {
        CommandWaves<String> waves = new CommandWaves<>(workers, 8);
        List<String> applied = Collections.synchronizedList(new ArrayList<>());
        List<String> commands = List.of("a:1", "b:1", "c:1", "a:2", "b:2");
        assertThatThrownBy(() -> waves.apply(commands, CommandWavesTest::key, command -> {
            if (command.equals("b:1") || command.equals("c:1")) {
                throw new IllegalStateException("cassandra blinked at " + command);
            }
            applied.add(command);
        })).isInstanceOfSatisfying(CommandWaves.Failed.class, failed -> {
            assertThat(failed.index).isEqualTo(1);
            assertThat(failed.getCause()).hasMessageContaining("b:1");
        });
        assertThat(applied).containsExactly("a:1");                    // the second wave never ran
    }
}
