package io.dsv.metadata.ledger;

import io.dsv.metadata.store.SecretVersion;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * One key as the owner of its partition knows it: its versions (newest first, an immutable list that
 * look-ups read without a lock, replaced after every change is in Cassandra), and the transactions that
 * want to change it, in log order. The first of them holds the key's reservation: only it can be
 * committed, the others wait.
 */
final class KeyState {

    final String namespace;
    final String name;
    private volatile List<SecretVersion> versions;
    /** Undecided transactions on this key in log order; touched by the consumer thread only. */
    final Deque<PendingTx> queue = new ArrayDeque<>();
    /** When a look-up or the log last asked for this key: the least recently used idle keys are dropped first. */
    volatile long lastUsed;
    /** Dropped from memory (under this object's lock): a writer holding it must take the key's state anew. */
    boolean dropped;

    KeyState(String namespace, String name, List<SecretVersion> versions) {
        this.namespace = namespace;
        this.name = name;
        this.versions = List.copyOf(versions);
    }

    String key() {
        return namespace + "/" + name;
    }

    List<SecretVersion> versions() {
        return versions;
    }

    void replace(List<SecretVersion> newestFirst) {
        versions = List.copyOf(newestFirst);
    }

    long latestVersion() {
        List<SecretVersion> v = versions;
        return v.isEmpty() ? 0 : v.get(0).version();
    }

    Optional<SecretVersion> latest() {
        List<SecretVersion> v = versions;
        return v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /** Has committed versions and the newest is not a delete's tombstone. */
    boolean live() {
        return latest().map(SecretVersion::readable).orElse(false);
    }

    Optional<SecretVersion> version(long number) {
        return versions.stream().filter(v -> v.version() == number).findFirst();
    }

    /** The version this transaction committed, if it did. */
    Optional<SecretVersion> committedBy(String txId) {
        return versions.stream().filter(v -> txId.equals(v.txId())).findFirst();
    }

    PendingTx head() {
        return queue.peekFirst();
    }
}
