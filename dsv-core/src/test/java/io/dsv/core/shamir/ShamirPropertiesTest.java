package io.dsv.core.shamir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class ShamirPropertiesTest {

    private final Shamir shamir = new Shamir();

    @Property(tries = 150)
    void anyKOfNSharesRebuildTheSecret(@ForAll @IntRange(min = 1, max = 65_536) int length,
                                       @ForAll @IntRange(min = 2, max = 16) int n,
                                       @ForAll @IntRange(min = 2, max = 16) int k,
                                       @ForAll long seed) {
        Assume.that(k <= n);
        byte[] secret = randomBytes(length, seed);
        List<Share> shares = new ArrayList<>(shamir.split(secret, n, k));
        Collections.shuffle(shares, new Random(seed));

        assertThat(shamir.combine(shares.subList(0, k), k)).isEqualTo(secret);
    }

    @Property(tries = 100)
    void anyKOfUpTo255SharesRebuildASmallSecret(@ForAll @IntRange(min = 1, max = 64) int length,
                                                @ForAll @IntRange(min = 2, max = 255) int n,
                                                @ForAll @IntRange(min = 2, max = 255) int k,
                                                @ForAll long seed) {
        Assume.that(k <= n);
        byte[] secret = randomBytes(length, seed);
        List<Share> shares = new ArrayList<>(shamir.split(secret, n, k));
        Collections.shuffle(shares, new Random(seed));

        assertThat(shamir.combine(shares.subList(0, k), k)).isEqualTo(secret);
    }

    @Property(tries = 200)
    void splitAgreesWithTheScalarReference(@ForAll @IntRange(min = 1, max = 100) int length,
                                           @ForAll @IntRange(min = 2, max = 9) int n,
                                           @ForAll @IntRange(min = 2, max = 9) int k,
                                           @ForAll long seed) {
        Assume.that(k <= n);
        byte[] secret = randomBytes(length, seed);
        RecordingRandom random = new RecordingRandom();
        List<Share> shares = new Shamir(random).split(secret, n, k);

        // Shamir draws the k-1 random coefficients of all bytes in one call, degree by degree,
        // each degree padded to whole 8-byte words.
        byte[] drawn = random.handedOut();
        int padded = (length + 7) / 8 * 8;
        int[][] coefficients = new int[k][length];
        for (int i = 0; i < length; i++) {
            coefficients[0][i] = secret[i] & 0xFF;
            for (int j = 1; j < k; j++) {
                coefficients[j][i] = drawn[(j - 1) * padded + i] & 0xFF;
            }
        }
        for (Share share : shares) {
            assertThat(share.y()).isEqualTo(ReferenceShamir.evaluate(coefficients, length, share.x()));
        }
    }

    @Property(tries = 200)
    void shareAtReproducesADroppedShareByteForByte(@ForAll @IntRange(min = 1, max = 4096) int length,
                                                   @ForAll @IntRange(min = 2, max = 12) int n,
                                                   @ForAll @IntRange(min = 2, max = 12) int k,
                                                   @ForAll long seed) {
        Assume.that(k < n);
        byte[] secret = randomBytes(length, seed);
        List<Share> shares = new ArrayList<>(shamir.split(secret, n, k));
        Collections.shuffle(shares, new Random(seed));
        Share dropped = shares.remove(0);

        Share rebuilt = shamir.shareAt(shares.subList(0, k), dropped.x());

        assertThat(rebuilt).isEqualTo(dropped);
        assertThat(rebuilt.y()).isEqualTo(ReferenceShamir.interpolate(shares.subList(0, k), dropped.x()));
    }

    @Property(tries = 200)
    void combineAgreesWithTheScalarReference(@ForAll @IntRange(min = 1, max = 200) int length,
                                             @ForAll @IntRange(min = 2, max = 8) int count,
                                             @ForAll long seed) {
        // Arbitrary shares, not from split: interpolation must agree on any input.
        Random random = new Random(seed);
        List<Integer> xs = new ArrayList<>();
        for (int x = 1; x <= 255; x++) {
            xs.add(x);
        }
        Collections.shuffle(xs, random);
        List<Share> shares = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            shares.add(new Share(xs.get(i), randomBytes(length, random.nextLong())));
        }
        assertThat(shamir.combine(shares)).isEqualTo(ReferenceShamir.interpolate(shares, 0));
    }

    @Property(tries = 150)
    void consistencyFindsAFlippedShare(@ForAll @IntRange(min = 1, max = 512) int length,
                                       @ForAll @IntRange(min = 2, max = 6) int k,
                                       @ForAll @IntRange(min = 2, max = 4) int extra,
                                       @ForAll long seed) {
        int n = k + extra;                  // one bad share is identifiable from k + 2 shares on
        Random random = new Random(seed);
        byte[] secret = randomBytes(length, seed);
        List<Share> shares = shamir.split(secret, n, k);
        assertThat(shamir.consistentWith(shares, k)).isEqualTo(Consistency.allAgree());

        Share victim = shares.get(random.nextInt(n));
        victim.y()[random.nextInt(length)] ^= (byte) (1 << random.nextInt(8));

        Consistency verdict = shamir.consistentWith(shares, k);
        assertThat(verdict.consistent()).isFalse();
        assertThat(verdict.identified()).isTrue();
        assertThat(verdict.disagreeing()).containsExactly(victim.x());
    }

    @Property(tries = 50)
    void consistencyReportsEveryShareWhenTheCulpritCannotBeTold(@ForAll @IntRange(min = 1, max = 64) int length,
                                                                @ForAll long seed) {
        // k + 1 shares with one flipped: each k-subset is its own polynomial, none backed by more.
        int k = 3;
        List<Share> shares = shamir.split(randomBytes(length, seed), k + 1, k);
        shares.get(2).y()[0] ^= 1;

        Consistency verdict = shamir.consistentWith(shares, k);
        assertThat(verdict.consistent()).isFalse();
        assertThat(verdict.identified()).isFalse();
        assertThat(verdict.disagreeing()).containsExactly(1, 2, 3, 4);
    }

    static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
