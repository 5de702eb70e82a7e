package io.dsv.local.history;

import io.dsv.local.LocalCluster;
import io.dsv.local.ServiceNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Injects faults into a cluster of processes, one kind after the other in a shuffled order, round after
 * round (at least a given number, and until the time is up): kill -9 and restart a shard node, pause and resume one (SIGSTOP/SIGCONT),
 * kill -9 a gateway in the middle of writes, kill -9 a metadata instance, restart the Kafka broker and
 * the Cassandra node (kill -9, start again on the same data), and freeze, slow down and cut links
 * between services through the fault proxy. A killed service restarts in the background while the next
 * fault goes on; the same kind of service is not killed again while it restarts.
 */
final class Nemesis implements Runnable {

    private final LocalCluster cluster;
    private final FaultLinks links;
    private final History history;
    private final BooleanSupplier timeUp;
    private final int minRounds;
    private final Consumer<String> say;
    private volatile boolean done;
    private final Random random;
    private final List<CompletableFuture<?>> restarts = Collections.synchronizedList(new ArrayList<>());

    /** Runs rounds until {@code timeUp} says so and at least {@code minRounds} rounds of every fault are done. */
    Nemesis(LocalCluster cluster, FaultLinks links, History history, BooleanSupplier timeUp, int minRounds,
            Consumer<String> say, long seed) {
        this.cluster = cluster;
        this.links = links;
        this.history = history;
        this.timeUp = timeUp;
        this.minRounds = minRounds;
        this.say = say;
        this.random = new Random(seed);
    }

    @Override
    public void run() {
        List<Runnable> faults = List.of(this::killShard, this::pauseShard, this::killGateway, this::killMetadata,
                this::restartKafka, this::restartCassandra, this::freezeLink, this::slowLink, this::cutLinks);
        try {
            for (int rounds = 0; rounds < minRounds || !timeUp.getAsBoolean(); rounds++) {
                List<Runnable> round = new ArrayList<>(faults);
                Collections.shuffle(round, random);
                for (Runnable fault : round) {
                    fault.run();
                    sleep(2_000);                                   // let the cluster breathe between faults
                }
            }
        } finally {
            done = true;
        }
    }

    /** The clients stop when the faults do. */
    boolean done() {
        return done;
    }

    /** Waits for every background restart. */
    void awaitRestarts() {
        List<CompletableFuture<?>> pending;
        synchronized (restarts) {
            pending = List.copyOf(restarts);
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    }

    private void killShard() {
        kill(pick("shard-"), "kill -9 shard node");
    }

    private void killGateway() {
        kill(pick("gateway-"), "kill -9 gateway");
    }

    private void killMetadata() {
        kill(pick("metadata-"), "kill -9 metadata");
    }

    private void kill(ServiceNode node, String kind) {
        if (node == null) {
            return;
        }
        say.accept(kind + " " + node.name() + " (pid " + node.pid() + ")");
        history.fault(kind);
        node.kill();
        sleep(1_000 + random.nextInt(2_000));
        restarts.add(CompletableFuture.runAsync(() -> {
            try {
                node.start();
                say.accept(node.name() + " is back (pid " + node.pid() + ")");
            } catch (RuntimeException e) {
                say.accept(node.name() + " did not come back: " + e.getMessage());
            }
        }));
    }

    private void pauseShard() {
        ServiceNode node = pick("shard-");
        if (node == null) {
            return;
        }
        say.accept("SIGSTOP " + node.name());
        history.fault("pause shard node");
        node.pause();
        sleep(3_000 + random.nextInt(3_000));
        node.resume();
    }

    private void restartKafka() {
        say.accept("kill -9 the Kafka broker, then start it again");
        history.fault("restart Kafka");
        cluster.kafka().kill();
        sleep(2_000);
        cluster.kafka().start();
        say.accept("Kafka is back (pid " + cluster.kafka().pid() + ")");
    }

    private void restartCassandra() {
        say.accept("kill -9 the Cassandra node, then start it again");
        history.fault("restart Cassandra");
        cluster.cassandra().kill();
        sleep(2_000);
        cluster.cassandra().start(Duration.ofSeconds(120));
        say.accept("Cassandra is back (pid " + cluster.cassandra().pid() + ")");
    }

    private void freezeLink() {
        FaultLinks.Link link = links.all().get(random.nextInt(links.all().size()));
        say.accept("freeze link " + link.name());
        history.fault("freeze link");
        link.freeze();
        sleep(3_000 + random.nextInt(3_000));
        link.unfreeze();
    }

    private void slowLink() {
        FaultLinks.Link link = links.all().get(random.nextInt(links.all().size()));
        say.accept("slow link " + link.name() + " by 300 ms a chunk");
        history.fault("slow link");
        link.delay().on(300);
        sleep(4_000 + random.nextInt(3_000));
        link.delay().off();
    }

    private void cutLinks() {
        String from = random.nextBoolean() ? "gateway-1" : "gateway-2";
        say.accept("cut every connection from " + from);
        history.fault("cut links");
        links.all().stream().filter(l -> l.name().startsWith(from + "->")).forEach(FaultLinks.Link::cut);
    }

    /** A running service of that kind whose restart is not under way, or null. */
    private ServiceNode pick(String prefix) {
        List<ServiceNode> candidates = cluster.nodes().stream().filter(n -> n.name().startsWith(prefix) && n.alive()).toList();
        if (candidates.size() < 2 && !prefix.equals("shard-")) {
            return null;                                           // keep one of each alive
        }
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
