package io.dsv.client;

import io.dsv.core.seal.X25519Keys;
import java.security.KeyPair;
import java.time.Duration;

/**
 * The key pair shard nodes seal read replies to. It is replaced every {@link #LIFETIME}: a reply key
 * that leaked opens only the replies of that window, while a steady stream of reads reuses one
 * agreement per node instead of making two X25519 operations per share (docs/design-notes.md).
 */
public class ReplyKeys {

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
