package io.dsv.local;

import io.dsv.client.ops.ParentWatch;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** The Kafka broker as a JVM of its own: {@code KafkaNodeMain <data-dir> <port> <controller-port>}. */
public final class KafkaNodeMain {

    private KafkaNodeMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        KafkaNode node = new KafkaNode(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "kafka-node-shutdown"));
        ParentWatch.watch(System.getProperty("dsv.parent-pid"));
        node.start();
        stopped.await();
    }
}
