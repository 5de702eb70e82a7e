package io.dsv.core.shamir;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every bad argument is refused with a message that says which rule broke. */
class ShamirArgumentsTest {

    private final Shamir shamir = new Shamir();
    private final byte[] secret = {1, 2, 3};

    @Test
    void kAboveN() {
        assertThatThrownBy(() -> shamir.split(secret, 3, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("k (4) must not exceed n (3)");
    }

    @Test
    void kBelowTwo() {
        assertThatThrownBy(() -> shamir.split(secret, 3, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("k must be at least 2, got 1");
    }

    @Test
    void nAbove255() {
        assertThatThrownBy(() -> shamir.split(secret, 256, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("n must be at most 255, got 256");
    }

    @Test
    void emptySecret() {
        assertThatThrownBy(() -> shamir.split(new byte[0], 5, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("secret must not be empty");
        assertThatThrownBy(() -> shamir.split(null, 5, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("secret must not be empty");
    }

    @Test
    void zeroX() {
        assertThatThrownBy(() -> new Share(0, new byte[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("x-coordinate must be in 1..255, got 0");
        List<Share> shares = shamir.split(secret, 5, 3);
        assertThatThrownBy(() -> shamir.shareAt(shares, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("x-coordinate must be in 1..255, got 0");
    }

    @Test
    void duplicateX() {
        List<Share> shares = shamir.split(secret, 5, 3);
        assertThatThrownBy(() -> shamir.combine(List.of(shares.get(0), shares.get(1), shares.get(0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("duplicate x-coordinate 1");
    }

    @Test
    void differentLengths() {
        List<Share> shares = shamir.split(secret, 5, 3);
        Share shorter = new Share(4, new byte[] {9, 9});
        assertThatThrownBy(() -> shamir.combine(List.of(shares.get(0), shares.get(1), shorter)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shares have different lengths: share 1 has 3 bytes, share 4 has 2");
    }

    @Test
    void fewerThanK() {
        List<Share> shares = shamir.split(secret, 5, 3);
        assertThatThrownBy(() -> shamir.combine(shares.subList(0, 2), 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("need at least k=3 shares, got 2");
        assertThatThrownBy(() -> shamir.combine(shares.subList(0, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("need at least 2 shares, got 1");
    }

    @Test
    void shareAtAnExistingX() {
        List<Share> shares = shamir.split(secret, 5, 3);
        assertThatThrownBy(() -> shamir.shareAt(shares.subList(0, 3), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("x-coordinate 2 is already among the given shares");
    }

    @Test
    void consistencyNeedsMoreThanK() {
        List<Share> shares = shamir.split(secret, 5, 3);
        assertThatThrownBy(() -> shamir.consistentWith(shares.subList(0, 3), 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("consistency needs more than k=3 shares, got 3");
    }

    @Test
    void shareToStringNeverShowsBytes() {
        org.assertj.core.api.Assertions.assertThat(new Share(3, new byte[] {0x41, 0x42}).toString())
                .isEqualTo("Share[x=3, 2 bytes]");
    }
}
