package io.dsv.core.seal;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/** X25519 key pairs and their encodings: public keys travel as 32 raw bytes, private keys as PKCS#8. */
public final class X25519Keys {

    public static final int PUBLIC_KEY_BYTES = 32;
    private static final String ALGORITHM = "X25519";
    // DER prefix of an X.509 SubjectPublicKeyInfo for X25519 (OID 1.3.101.110); the raw key follows.
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00};

    private X25519Keys() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new SealException(SealException.Reason.CRYPTO_FAILURE, "X25519 is not available", e);
        }
    }

    public static byte[] rawPublicKey(PublicKey key) {
        byte[] encoded = key.getEncoded();
        if (encoded.length != X509_PREFIX.length + PUBLIC_KEY_BYTES
                || !Arrays.equals(encoded, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
            throw new SealException(SealException.Reason.MALFORMED, "not an X25519 public key");
        }
        return Arrays.copyOfRange(encoded, X509_PREFIX.length, encoded.length);
    }

    public static PublicKey publicKey(byte[] raw) {
        if (raw == null || raw.length != PUBLIC_KEY_BYTES) {
            throw new SealException(SealException.Reason.MALFORMED, "an X25519 public key has 32 bytes");
        }
        byte[] encoded = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + PUBLIC_KEY_BYTES);
        System.arraycopy(raw, 0, encoded, X509_PREFIX.length, PUBLIC_KEY_BYTES);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(encoded));
        } catch (GeneralSecurityException e) {
            throw new SealException(SealException.Reason.MALFORMED, "not an X25519 public key", e);
        }
    }

    /** The public key of a private key: X25519(k, basepoint 9). */
    public static PublicKey publicKeyOf(PrivateKey key) {
        byte[] basepoint = new byte[PUBLIC_KEY_BYTES];
        basepoint[0] = 9;
        try {
            javax.crypto.KeyAgreement agreement = javax.crypto.KeyAgreement.getInstance(ALGORITHM);
            agreement.init(key);
            agreement.doPhase(publicKey(basepoint), true);
            return publicKey(agreement.generateSecret());
        } catch (GeneralSecurityException e) {
            throw new SealException(SealException.Reason.CRYPTO_FAILURE, "not an X25519 private key", e);
        }
    }

    public static byte[] encodePrivateKey(PrivateKey key) {
        return key.getEncoded();
    }

    public static PrivateKey privateKey(byte[] pkcs8) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new SealException(SealException.Reason.MALFORMED, "not an X25519 private key", e);
        }
    }
}
