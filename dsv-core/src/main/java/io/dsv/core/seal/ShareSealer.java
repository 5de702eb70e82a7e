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
 * Seals a share for one node: ephemeral X25519 agreement with the node's public key, HKDF-SHA256 to
 * an AES-256 key, AES-256-GCM with the {@link SealContext} as associated data.
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
    public static final int HEADER_BYTES = 1 + X25519Keys.PUBLIC_KEY_BYTES + 12;
    public static final int TAG_BYTES = 16;
    private static final int NONCE_BYTES = 12;
    private static final byte[] INFO = "dsv/share-seal/v1".getBytes(StandardCharsets.US_ASCII);

    private final SecureRandom random;

    public ShareSealer() {
        this(new SecureRandom());
    }

    public ShareSealer(SecureRandom random) {
        this.random = random;
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

    public byte[] open(byte[] sealed, PrivateKey recipientKey, PublicKey recipientPublic, SealContext context) {
        if (sealed == null || sealed.length < HEADER_BYTES + TAG_BYTES + 1) {
            throw new SealException(SealException.Reason.MALFORMED, "sealed share is too short");
        }
        if (sealed[0] != FORMAT_VERSION) {
            throw new SealException(SealException.Reason.MALFORMED, "unknown sealed-share format version " + (sealed[0] & 0xFF));
        }
        byte[] ephemeralPublic = Arrays.copyOfRange(sealed, 1, 1 + X25519Keys.PUBLIC_KEY_BYTES);
        byte[] nonce = Arrays.copyOfRange(sealed, 1 + X25519Keys.PUBLIC_KEY_BYTES, HEADER_BYTES);
        byte[] key = null;
        try {
            key = deriveKey(recipientKey, X25519Keys.publicKey(ephemeralPublic), ephemeralPublic,
                    X25519Keys.rawPublicKey(recipientPublic));
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

    private static byte[] deriveKey(PrivateKey own, PublicKey peer, byte[] ephemeralPublic, byte[] recipientPublic)
            throws GeneralSecurityException {
        KeyAgreement agreement = KeyAgreement.getInstance("X25519");
        agreement.init(own);
        agreement.doPhase(peer, true);
        byte[] shared = agreement.generateSecret();
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
