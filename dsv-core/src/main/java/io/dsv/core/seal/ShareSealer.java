package io.dsv.core.seal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a share for one node: an X25519 agreement with the node's public key (from an ephemeral key or
 * a sender's static one, below), HKDF-SHA256 to an AES-256 key, AES-256-GCM with the {@link SealContext}
 * as associated data.
 *
 * <p>Format 1 ({@link #seal}) uses a fresh ephemeral key per seal: repair and rebalancing seal shares
 * with it. Format 2 ({@link #sealFrom}) seals from a static key with a random salt that makes every
 * AES key unique: a gateway seals the shares it writes from its writer key, which it rotates, and a
 * node seals read replies from its own key to the reader's reply key, which the reader rotates and
 * checks the sender of ({@link #openReply}). A node {@link #open opens} either format at rest. With a
 * {@link #caching} sealer, every side reuses the agreements it made before, so a steady stream of
 * writes and reads costs no X25519 operation at all.
 *
 * <p>Envelope, format version 1 (61 bytes + the share's length):
 * <pre>
 *   offset  size  field
 *   0       1     format version (0x01)
 *   1       32    ephemeral X25519 public key, raw
 *   33      12    GCM nonce (random)
 *   45      n+16  AES-256-GCM ciphertext of the share, then its 16-byte tag
 * </pre>
 * The AES key is HKDF-SHA256(ikm = shared secret, salt = ephemeral public || recipient public,
 * info = "dsv/share-seal/v1"), so it is unique per seal and bound to the recipient.
 */
public final class ShareSealer {

    public static final byte FORMAT_VERSION = 0x01;
    public static final byte REPLY_FORMAT_VERSION = 0x02;
    private static final int SALT_BYTES = 16;
    /** Format 2: version, sender's static public key, salt, nonce. */
    public static final int REPLY_HEADER_BYTES = 1 + X25519Keys.PUBLIC_KEY_BYTES + SALT_BYTES + 12;
    private static final byte[] REPLY_INFO = "dsv/share-reply/v2".getBytes(StandardCharsets.US_ASCII);
    public static final int HEADER_BYTES = 1 + X25519Keys.PUBLIC_KEY_BYTES + 12;
    public static final int TAG_BYTES = 16;
    private static final int NONCE_BYTES = 12;
    private static final byte[] INFO = "dsv/share-seal/v1".getBytes(StandardCharsets.US_ASCII);

    private final SecureRandom random;
    private final AgreementCache agreements;

    public ShareSealer() {
        this(new SecureRandom());
    }

    public ShareSealer(SecureRandom random) {
        this(random, null);
    }

    private ShareSealer(SecureRandom random, AgreementCache agreements) {
        this.random = random;
        this.agreements = agreements;
    }

    /** A sealer that remembers up to {@code capacity} key agreements (see {@link AgreementCache}). */
    public static ShareSealer caching(int capacity) {
        return new ShareSealer(new SecureRandom(), new AgreementCache(capacity));
    }

    public byte[] seal(byte[] share, PublicKey recipient, SealContext context) {
        if (share == null || share.length == 0) {
            throw new IllegalArgumentException("share must not be empty");
        }
        try {
            KeyPair ephemeral = X25519Keys.generate();
            byte[] ephemeralPublic = X25519Keys.rawPublicKey(ephemeral.getPublic());
            byte[] key = deriveKey(ephemeral.getPrivate(), recipient, ephemeralPublic, X25519Keys.rawPublicKey(recipient));
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);

            byte[] out = new byte[HEADER_BYTES + share.length + TAG_BYTES];
            out[0] = FORMAT_VERSION;
            System.arraycopy(ephemeralPublic, 0, out, 1, X25519Keys.PUBLIC_KEY_BYTES);
            System.arraycopy(nonce, 0, out, 1 + X25519Keys.PUBLIC_KEY_BYTES, NONCE_BYTES);
            Cipher gcm = gcm(Cipher.ENCRYPT_MODE, key, nonce, context);
            gcm.doFinal(share, 0, share.length, out, HEADER_BYTES);
            Arrays.fill(key, (byte) 0);
            return out;
        } catch (GeneralSecurityException e) {
            throw new SealException(SealException.Reason.CRYPTO_FAILURE, "sealing failed for share "
                    + context.shareIndex() + " of node " + context.nodeId(), e);
        }
    }

    /**
     * Seals a reply (format 2) from a node's static key to a reader's reply key. Unlike
     * {@link #seal}, the recipient learns who sealed it, and no ephemeral key is made.
     */
    public byte[] sealFrom(byte[] share, KeyPair sender, PublicKey recipient, SealContext context) {
        if (share == null || share.length == 0) {
            throw new IllegalArgumentException("share must not be empty");
        }
        byte[] senderPublic = X25519Keys.rawPublicKey(sender.getPublic());
        byte[] recipientPublic = X25519Keys.rawPublicKey(recipient);
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] key = null;
        try {
            key = replyKey(sender.getPrivate(), senderPublic, () -> recipient, recipientPublic, salt, senderPublic,
                    recipientPublic);
            byte[] out = new byte[REPLY_HEADER_BYTES + share.length + TAG_BYTES];
            out[0] = REPLY_FORMAT_VERSION;
            System.arraycopy(senderPublic, 0, out, 1, X25519Keys.PUBLIC_KEY_BYTES);
            System.arraycopy(salt, 0, out, 1 + X25519Keys.PUBLIC_KEY_BYTES, SALT_BYTES);
            System.arraycopy(nonce, 0, out, 1 + X25519Keys.PUBLIC_KEY_BYTES + SALT_BYTES, NONCE_BYTES);
            gcm(Cipher.ENCRYPT_MODE, key, nonce, context).doFinal(share, 0, share.length, out, REPLY_HEADER_BYTES);
            return out;
        } catch (GeneralSecurityException e) {
            throw new SealException(SealException.Reason.CRYPTO_FAILURE, "sealing a reply failed for share "
                    + context.shareIndex() + " of node " + context.nodeId(), e);
        } finally {
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    /**
     * Opens a reply (format 2) and checks it was sealed by {@code expectedSender}; anything else,
     * a format 1 envelope included, fails with AUTHENTICATION_FAILED or MALFORMED.
     */
    public byte[] openReply(byte[] sealed, KeyPair recipient, PublicKey expectedSender, SealContext context) {
        if (sealed == null || sealed.length < REPLY_HEADER_BYTES + TAG_BYTES + 1 || sealed[0] != REPLY_FORMAT_VERSION) {
            throw new SealException(SealException.Reason.MALFORMED, "not a sealed reply (format 2)");
        }
        byte[] senderPublic = Arrays.copyOfRange(sealed, 1, 1 + X25519Keys.PUBLIC_KEY_BYTES);
        if (!java.security.MessageDigest.isEqual(senderPublic, X25519Keys.rawPublicKey(expectedSender))) {
            throw new SealException(SealException.Reason.AUTHENTICATION_FAILED,
                    "reply for share " + context.shareIndex() + " was not sealed by node " + context.nodeId());
        }
        return openFormat2(sealed, recipient.getPrivate(), X25519Keys.rawPublicKey(recipient.getPublic()), senderPublic,
                context, "sealed reply");
    }

    /** Format 2 from whichever sender it names (at rest: a writer's key; anyone may seal to a node). */
    private byte[] openFormat2(byte[] sealed, PrivateKey recipientKey, byte[] recipientPublic, byte[] senderPublic,
                               SealContext context, String what) {
        if (sealed.length < REPLY_HEADER_BYTES + TAG_BYTES + 1) {
            throw new SealException(SealException.Reason.MALFORMED, what + " is too short");
        }
        int saltAt = 1 + X25519Keys.PUBLIC_KEY_BYTES;
        byte[] salt = Arrays.copyOfRange(sealed, saltAt, saltAt + SALT_BYTES);
        byte[] nonce = Arrays.copyOfRange(sealed, saltAt + SALT_BYTES, REPLY_HEADER_BYTES);
        byte[] key = null;
        try {
            key = replyKey(recipientKey, recipientPublic, () -> X25519Keys.publicKey(senderPublic), senderPublic, salt,
                    senderPublic, recipientPublic);
            return gcm(Cipher.DECRYPT_MODE, key, nonce, context).doFinal(sealed, REPLY_HEADER_BYTES,
                    sealed.length - REPLY_HEADER_BYTES);
        } catch (AEADBadTagException e) {
            throw new SealException(SealException.Reason.AUTHENTICATION_FAILED,
                    what + " does not open under this key and context (share " + context.shareIndex()
                            + " of node " + context.nodeId() + ")", e);
        } catch (GeneralSecurityException e) {
            throw new SealException(SealException.Reason.CRYPTO_FAILURE, "opening a " + what + " failed", e);
        } finally {
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    public byte[] open(byte[] sealed, PrivateKey recipientKey, PublicKey recipientPublic, SealContext context) {
        if (sealed == null || sealed.length < HEADER_BYTES + TAG_BYTES + 1) {
            throw new SealException(SealException.Reason.MALFORMED, "sealed share is too short");
        }
        if (sealed[0] == REPLY_FORMAT_VERSION) {
            return openFormat2(sealed, recipientKey, X25519Keys.rawPublicKey(recipientPublic),
                    Arrays.copyOfRange(sealed, 1, 1 + X25519Keys.PUBLIC_KEY_BYTES), context, "sealed share");
        }
        if (sealed[0] != FORMAT_VERSION) {
            throw new SealException(SealException.Reason.MALFORMED, "unknown sealed-share format version " + (sealed[0] & 0xFF));
        }
        byte[] ephemeralPublic = Arrays.copyOfRange(sealed, 1, 1 + X25519Keys.PUBLIC_KEY_BYTES);
        byte[] nonce = Arrays.copyOfRange(sealed, 1 + X25519Keys.PUBLIC_KEY_BYTES, HEADER_BYTES);
        byte[] recipientRaw = X25519Keys.rawPublicKey(recipientPublic);
        byte[] key = null;
        try {
            // format 1's AES key depends only on the two public keys: remembered whole, under a peer tagged
            // with the format so that it never meets a format 2 agreement remembered for the same pair
            byte[] tagged = new byte[1 + ephemeralPublic.length];
            tagged[0] = FORMAT_VERSION;
            System.arraycopy(ephemeralPublic, 0, tagged, 1, ephemeralPublic.length);
            key = remembered(recipientRaw, tagged, () -> deriveKey(recipientKey, ephemeralPublic, recipientRaw));
            Cipher gcm = gcm(Cipher.DECRYPT_MODE, key, nonce, context);
            return gcm.doFinal(sealed, HEADER_BYTES, sealed.length - HEADER_BYTES);
        } catch (AEADBadTagException e) {
            throw new SealException(SealException.Reason.AUTHENTICATION_FAILED,
                    "sealed share does not open under this key and context (share " + context.shareIndex()
                            + " of node " + context.nodeId() + ")", e);
        } catch (GeneralSecurityException e) {
            throw new SealException(SealException.Reason.CRYPTO_FAILURE, "opening a sealed share failed", e);
        } finally {
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    /** Opens with a key pair, the form a shard node holds. */
    public byte[] open(byte[] sealed, KeyPair recipient, SealContext context) {
        return open(sealed, recipient.getPrivate(), recipient.getPublic(), context);
    }

    /** Opens with the private key alone; its public key is recomputed (one more X25519 operation). */
    public byte[] open(byte[] sealed, PrivateKey recipientKey, SealContext context) {
        return open(sealed, recipientKey, X25519Keys.publicKeyOf(recipientKey), context);
    }

    /** Format 1, opening side: the peer is the ephemeral key. */
    private static byte[] deriveKey(PrivateKey own, byte[] ephemeralPublic, byte[] recipientPublic)
            throws GeneralSecurityException {
        return deriveKey(own, X25519Keys.publicKey(ephemeralPublic), ephemeralPublic, recipientPublic);
    }


    /** Format 2: HKDF(agreement of the static keys, salt || sender || recipient), the agreement remembered. */
    private byte[] replyKey(PrivateKey own, byte[] ownPublic, java.util.function.Supplier<PublicKey> peer, byte[] peerPublic,
                            byte[] salt, byte[] senderPublic, byte[] recipientPublic) throws GeneralSecurityException {
        byte[] shared = remembered(ownPublic, peerPublic, () -> agree(own, peer.get()));
        byte[] fullSalt = new byte[SALT_BYTES + 2 * X25519Keys.PUBLIC_KEY_BYTES];
        System.arraycopy(salt, 0, fullSalt, 0, SALT_BYTES);
        System.arraycopy(senderPublic, 0, fullSalt, SALT_BYTES, X25519Keys.PUBLIC_KEY_BYTES);
        System.arraycopy(recipientPublic, 0, fullSalt, SALT_BYTES + X25519Keys.PUBLIC_KEY_BYTES, X25519Keys.PUBLIC_KEY_BYTES);
        byte[] key = Hkdf.deriveKey(shared, fullSalt, REPLY_INFO, 32);
        Arrays.fill(shared, (byte) 0);
        return key;
    }

    /** What {@code compute} derives for this pair of public keys: from the cache when this sealer has one. */
    private byte[] remembered(byte[] own, byte[] peer, KeyStep compute) throws GeneralSecurityException {
        if (agreements == null) {
            return compute.derive();
        }
        return agreements.get(own, peer, () -> {
            try {
                return compute.derive();
            } catch (GeneralSecurityException e) {
                throw new SealException(SealException.Reason.CRYPTO_FAILURE, "key agreement failed", e);
            }
        });
    }

    @FunctionalInterface
    private interface KeyStep {
        byte[] derive() throws GeneralSecurityException;
    }

    private static byte[] agree(PrivateKey own, PublicKey peer) throws GeneralSecurityException {
        KeyAgreement agreement = KeyAgreement.getInstance("X25519");
        agreement.init(own);
        agreement.doPhase(peer, true);
        return agreement.generateSecret();
    }

    private static byte[] deriveKey(PrivateKey own, PublicKey peer, byte[] ephemeralPublic, byte[] recipientPublic)
            throws GeneralSecurityException {
        byte[] shared = agree(own, peer);
        byte[] salt = new byte[ephemeralPublic.length + recipientPublic.length];
        System.arraycopy(ephemeralPublic, 0, salt, 0, ephemeralPublic.length);
        System.arraycopy(recipientPublic, 0, salt, ephemeralPublic.length, recipientPublic.length);
        byte[] key = Hkdf.deriveKey(shared, salt, INFO, 32);
        Arrays.fill(shared, (byte) 0);
        return key;
    }

    private static Cipher gcm(int mode, byte[] key, byte[] nonce, SealContext context) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * 8, nonce));
        cipher.updateAAD(context.associatedData());
        return cipher;
    }
}
