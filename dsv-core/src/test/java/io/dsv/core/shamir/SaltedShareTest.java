package io.dsv.core.shamir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Commitments of design §5.3: a share is checked on arrival, and the commitment alone hides it. */
class SaltedShareTest {

    private final SecureRandom random = new SecureRandom();
    private final Shamir shamir = new Shamir();

    @Test
    void aShareThatCameBackWholeMatchesItsCommitmentAndAnyChangeDoesNot() {
        List<Share> shares = shamir.split("hunter2".getBytes(StandardCharsets.UTF_8), 5, 3);
        SaltedShare written = SaltedShare.of(shares.get(2), random);
        byte[] commitment = written.commitment();
        assertThat(commitment).hasSize(32);

        SaltedShare read = SaltedShare.fromPayload(3, written.payload());
        assertThat(read).isEqualTo(written);
        assertThat(read.matches(commitment)).isTrue();

        byte[] flippedShare = written.payload();
        flippedShare[SaltedShare.SALT_BYTES] ^= 1;
        assertThat(SaltedShare.fromPayload(3, flippedShare).matches(commitment)).isFalse();
        byte[] flippedSalt = written.payload();
        flippedSalt[0] ^= (byte) 0x80;
        assertThat(SaltedShare.fromPayload(3, flippedSalt).matches(commitment)).isFalse();
        // the right bytes presented as another x-coordinate: a node cannot pass its share off as another's
        assertThat(SaltedShare.fromPayload(4, written.payload()).matches(commitment)).isFalse();
        assertThat(read.matches(null)).isFalse();
        assertThat(read.matches(new byte[0])).isFalse();
    }

    @Test
    void theSameShareUnderTwoSaltsHasUnrelatedCommitments() {
        Share share = new Share(1, new byte[] {42});
        SaltedShare a = SaltedShare.of(new Share(1, share.y().clone()), random);
        SaltedShare b = SaltedShare.of(new Share(1, share.y().clone()), random);
        assertThat(a.commitment()).isNotEqualTo(b.commitment());
        // a one-byte share has 256 candidates: without the salt none of them can be tested against the commitment
        byte[] commitment = a.commitment();
        for (int guess = 0; guess < 256; guess++) {
            assertThat(new SaltedShare(1, new byte[SaltedShare.SALT_BYTES], new byte[] {(byte) guess}).matches(commitment))
                    .isFalse();
        }
    }

    @Test
    void combiningVerifiedSharesGivesTheValueBack() {
        byte[] value = "db-password-1".getBytes(StandardCharsets.UTF_8);
        List<SaltedShare> salted = shamir.split(value, 5, 3).stream().map(s -> SaltedShare.of(s, random)).toList();
        List<Share> opened = salted.subList(1, 4).stream()
                .map(s -> SaltedShare.fromPayload(s.x(), s.payload()))
                .filter(s -> s.matches(salted.get(s.x() - 1).commitment()))
                .map(SaltedShare::share).toList();
        assertThat(opened).hasSize(3);
        assertThat(shamir.combine(opened)).isEqualTo(value);
    }

    @Test
    void badPayloadsAndArgumentsAreRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> SaltedShare.fromPayload(2, new byte[SaltedShare.SALT_BYTES]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("share 2: a payload is a 16-byte salt and at"
                        + " least one share byte, got 16 bytes");
        assertThatThrownBy(() -> SaltedShare.fromPayload(2, null)).hasMessageContaining("got 0 bytes");
        assertThatThrownBy(() -> new SaltedShare(0, new byte[16], new byte[1])).hasMessageContaining("1..255");
        assertThatThrownBy(() -> new SaltedShare(1, new byte[8], new byte[1])).hasMessage("a share's salt is 16 bytes");
        SaltedShare share = SaltedShare.of(new Share(7, new byte[] {1, 2, 3}), random);
        assertThat(share.toString()).isEqualTo("SaltedShare[x=7, 3 bytes]");
        share.wipe();
        assertThat(share.y()).containsOnly(0);
        assertThat(share.salt()).containsOnly(0);
    }
}
