package io.dsv.core.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ShareSealerTest {

    private static final KeyPair NODE = X25519Keys.generate();
    private static final KeyPair OTHER_NODE = X25519Keys.generate();
    private static final SealContext CONTEXT = new SealContext("team-a", "db-password", "7", 3, "shard-3");

    private final ShareSealer sealer = new ShareSealer();

    @Property(tries = 100)
    void sealedSharesOpenToTheSameBytes(@ForAll @IntRange(min = 1, max = 70_000) int length, @ForAll long seed) {
        byte[] share = new byte[length];
        new Random(seed).nextBytes(share);

        byte[] sealed = sealer.seal(share, NODE.getPublic(), CONTEXT);

        assertThat(sealed).hasSize(ShareSealer.HEADER_BYTES + length + ShareSealer.TAG_BYTES);
        assertThat(sealed[0]).isEqualTo(ShareSealer.FORMAT_VERSION);
        assertThat(sealer.open(sealed, NODE, CONTEXT)).isEqualTo(share);
    }

    @Test
    void opensWithThePrivateKeyAlone() {
        byte[] share = {1, 2, 3, 4};
        byte[] sealed = sealer.seal(share, NODE.getPublic(), CONTEXT);
        assertThat(sealer.open(sealed, NODE.getPrivate(), CONTEXT)).isEqualTo(share);
    }

    @Test
    void theEnvelopeDoesNotContainTheShare() {
        byte[] share = "canary-canary-canary-canary".getBytes();
        byte[] sealed = sealer.seal(share, NODE.getPublic(), CONTEXT);
        assertThat(indexOf(sealed, share)).isEqualTo(-1);
    }

    @Test
    void refusesEveryOtherContext() {
        byte[] sealed = sealer.seal(new byte[] {42, 43}, NODE.getPublic(), CONTEXT);
        List<SealContext> others = List.of(
                new SealContext("team-b", "db-password", "7", 3, "shard-3"),
                new SealContext("team-a", "db-passwordx", "7", 3, "shard-3"),
                new SealContext("team-a", "db-password", "8", 3, "shard-3"),
                new SealContext("team-a", "db-password", "7", 4, "shard-3"),
                new SealContext("team-a", "db-password", "7", 3, "shard-4"),
                // the same characters split differently between fields
                new SealContext("team-ad", "b-password", "7", 3, "shard-3"));
        for (SealContext other : others) {
            assertThatThrownBy(() -> sealer.open(sealed, NODE, other))
                    .as(other.toString())
                    .isInstanceOfSatisfying(SealException.class,
                            e -> assertThat(e.reason()).isEqualTo(SealException.Reason.AUTHENTICATION_FAILED));
        }
    }

    @Test
    void refusesAnotherNodesKey() {
        byte[] sealed = sealer.seal(new byte[] {42, 43}, NODE.getPublic(), CONTEXT);
        assertThatThrownBy(() -> sealer.open(sealed, OTHER_NODE, CONTEXT))
                .isInstanceOfSatisfying(SealException.class,
                        e -> assertThat(e.reason()).isEqualTo(SealException.Reason.AUTHENTICATION_FAILED));
    }

    @Test
    void refusesAnyFlippedBit() {
        byte[] share = "a share of 24 bytes here".getBytes();
        byte[] sealed = sealer.seal(share, NODE.getPublic(), CONTEXT);
        for (int bit = 0; bit < sealed.length * 8; bit++) {
            byte[] altered = sealed.clone();
            altered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThatThrownBy(() -> sealer.open(altered, NODE, CONTEXT))
                    .as("bit %d", bit)
                    .isInstanceOf(SealException.class);
        }
    }

    @Test
    void refusesAnUnknownFormatAndATruncatedEnvelope() {
        byte[] sealed = sealer.seal(new byte[] {1}, NODE.getPublic(), CONTEXT);
        byte[] future = sealed.clone();
        future[0] = 2;
        assertThatThrownBy(() -> sealer.open(future, NODE, CONTEXT))
                .isInstanceOfSatisfying(SealException.class,
                        e -> assertThat(e.reason()).isEqualTo(SealException.Reason.MALFORMED));
        assertThatThrownBy(() -> sealer.open(Arrays.copyOf(sealed, 20), NODE, CONTEXT))
                .isInstanceOfSatisfying(SealException.class,
                        e -> assertThat(e.reason()).isEqualTo(SealException.Reason.MALFORMED));
    }

    @Test
    void keysSurviveTheirEncodings() {
        byte[] raw = X25519Keys.rawPublicKey(NODE.getPublic());
        assertThat(raw).hasSize(32);
        assertThat(X25519Keys.rawPublicKey(X25519Keys.publicKey(raw))).isEqualTo(raw);
        assertThat(X25519Keys.rawPublicKey(X25519Keys.publicKeyOf(NODE.getPrivate()))).isEqualTo(raw);
        KeyPair restored = new KeyPair(X25519Keys.publicKey(raw),
                X25519Keys.privateKey(X25519Keys.encodePrivateKey(NODE.getPrivate())));
        byte[] sealed = sealer.seal(new byte[] {5}, NODE.getPublic(), CONTEXT);
        assertThat(sealer.open(sealed, restored, CONTEXT)).containsExactly(5);
    }

    @Test
    void contextFieldsAreValidated() {
        assertThatThrownBy(() -> new SealContext("", "n", "1", 1, "node"))
                .hasMessage("namespace must not be empty");
        assertThatThrownBy(() -> new SealContext("ns", "n", "1", 0, "node"))
                .hasMessage("shareIndex must be in 1..255, got 0");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
