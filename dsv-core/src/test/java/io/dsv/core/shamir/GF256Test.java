package io.dsv.core.shamir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class GF256Test {

    @Test
    void multiplicationMatchesTheReferenceForEveryPair() {
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                assertThat(GF256.mul(a, b)).as("%d * %d", a, b).isEqualTo(ReferenceShamir.slowMul(a, b));
            }
        }
    }

    @Test
    void everyNonZeroElementHasAnInverse() {
        for (int a = 1; a < 256; a++) {
            assertThat(GF256.mul(a, GF256.inv(a))).as("a=%d", a).isEqualTo(1);
        }
    }

    @Test
    void zeroHasNoInverse() {
        assertThatThrownBy(() -> GF256.inv(0)).isInstanceOf(ArithmeticException.class);
    }

    @Property
    void wordMultiplicationActsOnEachLaneAlone(@ForAll long word, @ForAll @IntRange(min = 0, max = 255) int constant) {
        long product = GF256.mulWord(word, constant);
        for (int lane = 0; lane < 8; lane++) {
            int in = (int) (word >>> (8 * lane)) & 0xFF;
            int out = (int) (product >>> (8 * lane)) & 0xFF;
            assertThat(out).isEqualTo(ReferenceShamir.slowMul(in, constant));
        }
    }
}
