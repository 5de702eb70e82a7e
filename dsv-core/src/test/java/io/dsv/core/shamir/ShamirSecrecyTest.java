package io.dsv.core.shamir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * k - 1 shares say nothing about the secret: for a fixed secret their bytes must be uniform, and
 * jointly uniform. A chi-square test over the byte values, with a broken generator as the negative
 * control proving that the statistic does notice structure.
 */
class ShamirSecrecyTest {

    private static final int K = 3;
    private static final int N = 5;
    private static final int SECRET_BYTES = 65_536;
    private static final int SPLITS = 6;           // 393,216 samples: ~6 per cell of the 65,536-cell joint test

    @Test
    void kMinusOneSharesOfAFixedSecretAreUniformAndJointlyUniform() {
        long[][] counts = sampleShares(new Shamir());

        assertThat(chiSquare(counts[0])).isLessThan(critical(255));            // share 1 alone
        assertThat(chiSquare(counts[1])).isLessThan(critical(255));            // share 2 alone
        assertThat(chiSquare(counts[2])).isLessThan(critical(65_535));         // shares 1 and 2 together
    }

    @Test
    void sharesAreUniformWithCoefficientsStraightFromSecureRandomToo() {
        long[][] counts = sampleShares(new Shamir(new java.security.SecureRandom()));
        assertThat(chiSquare(counts[2])).isLessThan(critical(65_535));
    }

    @Test
    void theAesCtrExpansionNeverRepeatsAKeystream() {
        RandomBytes source = RandomBytes.aesCtr(new java.security.SecureRandom());
        byte[] a = new byte[64];
        byte[] b = new byte[64];
        source.fill(a);
        source.fill(b);
        assertThat(a).isNotEqualTo(b);
        assertThat(a).isNotEqualTo(new byte[64]);
    }

    @Test
    void theTestNoticesABrokenGenerator() {
        long[][] counts = sampleShares(new Shamir(new RecordingRandom(true)));

        assertThat(chiSquare(counts[0])).isGreaterThan(critical(255));
        assertThat(chiSquare(counts[2])).isGreaterThan(critical(65_535));
    }

    /** counts[0]: share 1's bytes; counts[1]: share 2's bytes; counts[2]: pairs (share 1, share 2). */
    private static long[][] sampleShares(Shamir shamir) {
        byte[] secret = new byte[SECRET_BYTES];
        Arrays.fill(secret, (byte) 0x5A);
        long[][] counts = {new long[256], new long[256], new long[65_536]};
        for (int round = 0; round < SPLITS; round++) {
            List<Share> shares = shamir.split(secret, N, K);
            byte[] first = shares.get(0).y();
            byte[] second = shares.get(1).y();
            for (int i = 0; i < SECRET_BYTES; i++) {
                int a = first[i] & 0xFF;
                int b = second[i] & 0xFF;
                counts[0][a]++;
                counts[1][b]++;
                counts[2][(a << 8) | b]++;
            }
        }
        return counts;
    }

    private static double chiSquare(long[] counts) {
        long total = Arrays.stream(counts).sum();
        double expected = (double) total / counts.length;
        double sum = 0;
        for (long observed : counts) {
            double d = observed - expected;
            sum += d * d / expected;
        }
        return sum;
    }

    /** Wilson-Hilferty upper quantile at z = 5 (p ~ 3e-7): a sound uniform source almost never exceeds it. */
    private static double critical(int degreesOfFreedom) {
        double z = 5.0;
        double a = 2.0 / (9.0 * degreesOfFreedom);
        return degreesOfFreedom * Math.pow(1 - a + z * Math.sqrt(a), 3);
    }
}
