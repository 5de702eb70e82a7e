package io.dsv.client;

import io.dsv.core.seal.X25519Keys;
import java.security.KeyPair;
import java.time.Duration;

/**
 * An X25519 key pair replaced every {@link #LIFETIME}: a reader's reply key (shard nodes seal read
 * replies to it) and a gateway's writer key (it seals the shares it writes from it). A key that leaked
 * opens only what was sealed with it in its window, while a steady stream of reads or writes reuses one
 * agreement per node instead of making two X25519 operations per share (docs/design-notes.md).
 */
public class RotatingKeyPair {

    public static final Duration LIFETIME = Duration.ofSeconds(60);

    private volatile Current current = new Current(X25519Keys.generate(), System.nanoTime());

    public KeyPair current() {
        Current now = current;
        if (System.nanoTime() - now.createdAt() > LIFETIME.toNanos()) {
            synchronized (this) {
                if (current == now) {
                    current = new Current(X25519Keys.generate(), System.nanoTime());
                }
                now = current;
            }
        }
        return now.keys();
    }

    private record Current(KeyPair keys, long createdAt) {
    }
}
