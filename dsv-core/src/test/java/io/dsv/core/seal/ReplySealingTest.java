package io.dsv.core.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import org.junit.jupiter.api.Test;

/** Format 2 (read replies from a node's static key) and the agreement cache behind a caching sealer. */
class ReplySealingTest {

    private static final KeyPair NODE = X25519Keys.generate();
    private static final KeyPair OTHER_NODE = X25519Keys.generate();
    private static final KeyPair READER = X25519Keys.generate();
    private static final SealContext REPLY = new SealContext("team-a", "db", "reply:7", 2, "shard-2");

    @Test
    void aReplyOpensOnlyForItsReaderAndOnlyAsFromItsNode() {
        ShareSealer node = ShareSealer.caching(16);
        ShareSealer reader = ShareSealer.caching(16);
        byte[] share = {9, 8, 7, 6, 5};
        byte[] sealed = node.sealFrom(share, NODE, READER.getPublic(), REPLY);

        assertThat(sealed[0]).isEqualTo(ShareSealer.REPLY_FORMAT_VERSION);
        assertThat(sealed).hasSize(ShareSealer.REPLY_HEADER_BYTES + share.length + ShareSealer.TAG_BYTES);
        assertThat(reader.openReply(sealed, READER, NODE.getPublic(), REPLY)).isEqualTo(share);
        assertThatThrownBy(() -> reader.openReply(sealed, READER, OTHER_NODE.getPublic(), REPLY))
                .isInstanceOf(SealException.class).hasMessageContaining("was not sealed by node shard-2");
        assertThatThrownBy(() -> reader.openReply(sealed, OTHER_NODE, NODE.getPublic(), REPLY))
                .isInstanceOf(SealException.class).hasMessageContaining("does not open");
        assertThatThrownBy(() -> reader.openReply(sealed, READER, NODE.getPublic(),
                new SealContext("team-a", "db", "reply:7", 3, "shard-2")))
                .isInstanceOf(SealException.class).hasMessageContaining("does not open");
        byte[] tampered = sealed.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThatThrownBy(() -> reader.openReply(tampered, READER, NODE.getPublic(), REPLY))
                .isInstanceOf(SealException.class);
    }

    @Test
    void everyReplyHasItsOwnSaltNonceAndCiphertext() {
        ShareSealer node = ShareSealer.caching(16);
        byte[] share = {1, 2, 3};
        byte[] first = node.sealFrom(share, NODE, READER.getPublic(), REPLY);
        byte[] second = node.sealFrom(share, NODE, READER.getPublic(), REPLY);
        assertThat(first).isNotEqualTo(second);
        assertThat(java.util.Arrays.copyOfRange(first, 33, 49)).isNotEqualTo(java.util.Arrays.copyOfRange(second, 33, 49));
    }

    @Test
    void aShareAWriterSealedFromItsKeyOpensAtItsNodeOnlyUnderItsContext() {
        ShareSealer writer = ShareSealer.caching(16);
        ShareSealer node = ShareSealer.caching(16);
        KeyPair writerKey = X25519Keys.generate();
        SealContext atRest = new SealContext("team-a", "db", "7", 2, "shard-2");
        byte[] share = {4, 5, 6};
        byte[] sealed = writer.sealFrom(share, writerKey, NODE.getPublic(), atRest);

        assertThat(node.open(sealed, NODE, atRest)).isEqualTo(share);
        assertThat(node.open(sealed, NODE, atRest)).as("from the remembered agreement").isEqualTo(share);
        assertThat(new ShareSealer().open(sealed, NODE, atRest)).as("without a cache").isEqualTo(share);
        assertThatThrownBy(() -> node.open(sealed, OTHER_NODE, atRest)).isInstanceOf(SealException.class);
        assertThatThrownBy(() -> node.open(sealed, NODE, new SealContext("team-a", "db", "8", 2, "shard-2")))
                .isInstanceOf(SealException.class).hasMessageContaining("does not open");
        byte[] tampered = sealed.clone();
        tampered[ShareSealer.REPLY_HEADER_BYTES] ^= 1;
        assertThatThrownBy(() -> node.open(tampered, NODE, atRest)).isInstanceOf(SealException.class);
    }

    @Test
    void aFormat1EnvelopeNamingAWritersKeyDoesNotSpoilThatWritersAgreement() {
        ShareSealer node = ShareSealer.caching(16);
        KeyPair writerKey = X25519Keys.generate();
        SealContext atRest = new SealContext("team-a", "db", "7", 2, "shard-2");
        // format 1 with the writer's public key where the ephemeral one goes: opening it fails, and
        // what the node remembered for it must not be taken for the writer's agreement
        byte[] forged = new byte[ShareSealer.HEADER_BYTES + 3 + ShareSealer.TAG_BYTES];
        forged[0] = ShareSealer.FORMAT_VERSION;
        System.arraycopy(X25519Keys.rawPublicKey(writerKey.getPublic()), 0, forged, 1, X25519Keys.PUBLIC_KEY_BYTES);
        assertThatThrownBy(() -> node.open(forged, NODE, atRest)).isInstanceOf(SealException.class);

        byte[] genuine = ShareSealer.caching(16).sealFrom(new byte[] {1, 2, 3}, writerKey, NODE.getPublic(), atRest);
        assertThat(node.open(genuine, NODE, atRest)).containsExactly(1, 2, 3);
    }

    @Test
    void aShareAtRestIsNotAReply() {
        ShareSealer sealer = ShareSealer.caching(16);
        byte[] atRest = sealer.seal(new byte[] {1, 2}, READER.getPublic(), REPLY);
        assertThatThrownBy(() -> sealer.openReply(atRest, READER, NODE.getPublic(), REPLY))
                .isInstanceOf(SealException.class).hasMessageContaining("not a sealed reply");
    }

    @Test
    void aCachingSealerOpensWhatAPlainOneSealedAndSurvivesEviction() {
        ShareSealer plain = new ShareSealer();
        ShareSealer caching = ShareSealer.caching(1);              // every second open evicts the other's entry
        SealContext a = new SealContext("ns", "a", "1", 1, "shard-1");
        SealContext b = new SealContext("ns", "b", "1", 1, "shard-1");
        byte[] sealedA = plain.seal(new byte[] {10, 11}, NODE.getPublic(), a);
        byte[] sealedB = plain.seal(new byte[] {20, 21}, NODE.getPublic(), b);
        for (int round = 0; round < 3; round++) {
            assertThat(caching.open(sealedA, NODE, a)).containsExactly(10, 11);
            assertThat(caching.open(sealedA, NODE, a)).containsExactly(10, 11);   // from the cache
            assertThat(caching.open(sealedB, NODE, b)).containsExactly(20, 21);
        }
        assertThatThrownBy(() -> caching.open(sealedA, OTHER_NODE, a)).isInstanceOf(SealException.class);
    }

    @Test
    void theCacheHandsOutCopiesAndWipesWhatItEvicts() {
        AgreementCache cache = new AgreementCache(1);
        byte[] own = {1};
        byte[] first = cache.get(own, new byte[] {2}, () -> new byte[] {7, 7});
        first[0] = 0;                                               // the caller wipes its copy
        assertThat(cache.get(own, new byte[] {2}, () -> new byte[] {9, 9})).containsExactly(7, 7);
        cache.get(own, new byte[] {3}, () -> new byte[] {5, 5});
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.get(own, new byte[] {2}, () -> new byte[] {8, 8})).containsExactly(8, 8);   // recomputed
    }
}
