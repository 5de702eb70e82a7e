package io.dsv.shard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ShareRowCacheTest {

    private static final ShareRowCache.Key KEY = new ShareRowCache.Key("ns", "db-password", "tx-1");

    private final AtomicInteger reads = new AtomicInteger();

    @Test
    void aRowIsReadFromTheTableOnceAndThenFromMemory() {
        ShareRowCache cache = new ShareRowCache(10);
        ShareRow row = row(ShareRow.PENDING);

        assertThat(cache.get(KEY, () -> read(row))).isSameAs(row);
        assertThat(cache.get(KEY, () -> read(row(ShareRow.COMMITTED)))).isSameAs(row);
        assertThat(reads).hasValue(1);
    }

    @Test
    void anAbsentRowIsAskedForAgainEveryTime() {
        ShareRowCache cache = new ShareRowCache(10);

        assertThat(cache.get(KEY, () -> read(null))).isNull();
        ShareRow arrived = row(ShareRow.PENDING);
        assertThat(cache.get(KEY, () -> read(arrived))).isSameAs(arrived);
        assertThat(reads).hasValue(2);
    }

    @Test
    void anInvalidatedRowIsReadAgain() {
        ShareRowCache cache = new ShareRowCache(10);
        cache.get(KEY, () -> read(row(ShareRow.PENDING)));

        cache.invalidate(KEY);
        ShareRow destroyed = row(ShareRow.DESTROYED);

        assertThat(cache.get(KEY, () -> read(destroyed))).isSameAs(destroyed);
        assertThat(reads).hasValue(2);
    }

    @Test
    void aRowReadWhileItWasChangedIsNotKept() {
        ShareRowCache cache = new ShareRowCache(10);
        ShareRow old = row(ShareRow.PENDING);

        // the table answered with the old row, and the change was written and invalidated before the answer is kept
        ShareRow answered = cache.get(KEY, () -> {
            ShareRow before = read(old);
            cache.invalidate(KEY);
            return before;
        });

        assertThat(answered).isSameAs(old);
        assertThat(cache.size()).isZero();
        ShareRow destroyed = row(ShareRow.DESTROYED);
        assertThat(cache.get(KEY, () -> read(destroyed))).isSameAs(destroyed);
    }

    @Test
    void aStoredRowIsKeptAsWrittenAndNotReadBack() {
        ShareRowCache cache = new ShareRowCache(10);
        cache.get(KEY, () -> read(row(ShareRow.PENDING)));
        ShareRow written = row(ShareRow.COMMITTED);

        cache.change(KEY, written, () -> { });

        assertThat(cache.get(KEY, () -> read(null))).isSameAs(written);
        assertThat(reads).hasValue(1);
    }

    @Test
    void aChangeWithoutARowOrAFailedOneLeavesNothingCached() {
        ShareRowCache cache = new ShareRowCache(10);
        cache.get(KEY, () -> read(row(ShareRow.PENDING)));

        cache.change(KEY, null, () -> { });
        assertThat(cache.size()).isZero();

        assertThatThrownBy(() -> cache.change(KEY, row(ShareRow.PENDING), () -> {
            throw new IllegalStateException("write timed out");
        })).hasMessage("write timed out");
        assertThat(cache.size()).isZero();
    }

    @Test
    void aStoredRowIsNotKeptWhenAnotherChangeToItsKeyRanMeanwhile() {
        ShareRowCache cache = new ShareRowCache(10);
        ShareRow stored = row(ShareRow.PENDING);

        // the put's insert is in flight when an abort of the same transaction writes its marker
        cache.change(KEY, stored, () -> cache.change(KEY, null, () -> { }));

        assertThat(cache.size()).isZero();
        ShareRow aborted = row(ShareRow.ABORTED);
        assertThat(cache.get(KEY, () -> read(aborted))).isSameAs(aborted);
    }

    @Test
    void aChangeToAnotherKeyDoesNotStopARowBeingKept() {
        ShareRowCache cache = new ShareRowCache(10);
        ShareRowCache.Key other = otherStripeThan(KEY);
        ShareRow stored = row(ShareRow.PENDING);

        cache.change(KEY, stored, () -> cache.change(other, null, () -> { }));
        ShareRow loaded = cache.get(KEY, () -> read(null));

        assertThat(loaded).isSameAs(stored);
        assertThat(reads).hasValue(0);
    }

    @Test
    void itNeverHoldsMoreRowsThanItsCapacity() {
        ShareRowCache cache = new ShareRowCache(3);
        for (int i = 0; i < 10; i++) {
            cache.get(new ShareRowCache.Key("ns", "k" + i, "tx-" + i), () -> read(row(ShareRow.PENDING)));
            assertThat(cache.size()).isLessThanOrEqualTo(3);
        }
        assertThat(cache.size()).isEqualTo(3);
    }

    @Test
    void capacityZeroKeepsNothingAndANegativeOneIsRefused() {
        ShareRowCache none = new ShareRowCache(0);
        none.get(KEY, () -> read(row(ShareRow.PENDING)));
        none.get(KEY, () -> read(row(ShareRow.PENDING)));
        assertThat(reads).hasValue(2);
        assertThat(none.size()).isZero();
        assertThatThrownBy(() -> new ShareRowCache(-1)).hasMessageContaining("dsv.shard.row-cache");
    }

    private static ShareRowCache.Key otherStripeThan(ShareRowCache.Key key) {
        for (int i = 0; ; i++) {
            ShareRowCache.Key other = new ShareRowCache.Key("ns", "other-" + i, "tx-" + i);
            if (Math.floorMod(other.hashCode(), ShareRowCache.STRIPES) != Math.floorMod(key.hashCode(), ShareRowCache.STRIPES)) {
                return other;
            }
        }
    }

    private ShareRow read(ShareRow row) {
        reads.incrementAndGet();
        return row;
    }

    private static ShareRow row(String state) {
        return new ShareRow("ns", "db-password", "tx-1", 2, ByteBuffer.wrap(new byte[] {1, 2, 3}), state, 0L, Instant.now());
    }
}
