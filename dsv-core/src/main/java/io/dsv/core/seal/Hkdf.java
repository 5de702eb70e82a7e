package io.dsv.core.seal;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF-SHA256 (RFC 5869): JDK 17 has HMAC but no HKDF API. */
final class Hkdf {

    private static final String HMAC = "HmacSHA256";
    private static final int HASH_BYTES = 32;

    private Hkdf() {
    }

    static byte[] deriveKey(byte[] inputKeyMaterial, byte[] salt, byte[] info, int length) throws GeneralSecurityException {
        if (length > 255 * HASH_BYTES) {
            throw new IllegalArgumentException("HKDF output too long: " + length);
        }
        Mac mac = Mac.getInstance(HMAC);
        mac.init(new SecretKeySpec(salt.length == 0 ? new byte[HASH_BYTES] : salt, HMAC));
        byte[] pseudoRandomKey = mac.doFinal(inputKeyMaterial);

        mac.init(new SecretKeySpec(pseudoRandomKey, HMAC));
        byte[] out = new byte[length];
        byte[] block = new byte[0];
        int written = 0;
        for (int counter = 1; written < length; counter++) {
            mac.update(block);
            mac.update(info);
            mac.update((byte) counter);
            block = mac.doFinal();
            int take = Math.min(block.length, length - written);
            System.arraycopy(block, 0, out, written, take);
            written += take;
        }
        java.util.Arrays.fill(pseudoRandomKey, (byte) 0);
        java.util.Arrays.fill(block, (byte) 0);
        return out;
    }
}
