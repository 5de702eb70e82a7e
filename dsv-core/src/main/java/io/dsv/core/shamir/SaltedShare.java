package io.dsv.core.shamir;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A share with the salt of its commitment (design §5.3). The holder keeps both, sealed together as
 * {@link #payload()}; metadata keeps only {@link #commitment()}, SHA-256 over a tag, the x-coordinate,
 * the salt and the share. Without the salt the commitment says nothing about the share, however short
 * the value (a share of a short value has few random bytes; a 128-bit salt leaves nothing to guess);
 * with it, a reader checks each share on arrival, so a node that returns a wrong share is caught before
 * the share is used to rebuild a value or another share.
 *
 * <p>The arrays are not copied; {@link #wipe} zeroes both. {@link #toString} never prints them.
 */
public record SaltedShare(int x, byte[] salt, byte[] y) {

    public static final int SALT_BYTES = 16;
    private static final byte[] TAG = "dsv/share-commitment/v1".getBytes(StandardCharsets.US_ASCII);

    public SaltedShare {
        if (x < 1 || x > 255) {
            throw new IllegalArgumentException("x-coordinate must be in 1..255, got " + x);
        }
        if (salt == null || salt.length != SALT_BYTES) {
            throw new IllegalArgumentException("a share's salt is " + SALT_BYTES + " bytes");
        }
        if (y == null) {
            throw new IllegalArgumentException("share " + x + " has no bytes");
        }
    }

    /** The share with a fresh random salt; takes over the share's bytes (wipe this, not the share). */
    public static SaltedShare of(Share share, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new SaltedShare(share.x(), salt, share.y());
    }

    /** What the holder stores, sealed: salt then share. */
    public byte[] payload() {
        byte[] payload = Arrays.copyOf(salt, SALT_BYTES + y.length);
        System.arraycopy(y, 0, payload, SALT_BYTES, y.length);
        return payload;
    }

    /**
     * Reads a payload the holder opened, for x-coordinate {@code x}; takes copies, so the caller wipes the
     * payload.
     *
     * @throws IllegalArgumentException if it is too short to hold a salt and a share
     */
    public static SaltedShare fromPayload(int x, byte[] payload) {
        if (payload == null || payload.length <= SALT_BYTES) {
            throw new IllegalArgumentException("share " + x + ": a payload is a " + SALT_BYTES
                    + "-byte salt and at least one share byte, got " + (payload == null ? 0 : payload.length) + " bytes");
        }
        return new SaltedShare(x, Arrays.copyOf(payload, SALT_BYTES), Arrays.copyOfRange(payload, SALT_BYTES, payload.length));
    }

    /** SHA-256(tag, x, salt, y): recorded by metadata at write time, checked by every reader. */
    public byte[] commitment() {
        MessageDigest sha256 = sha256();
        sha256.update(TAG);
        sha256.update((byte) x);
        sha256.update(salt);
        sha256.update(y);
        return sha256.digest();
    }

    /** True when this is exactly the share the commitment was made for (compared in constant time). */
    public boolean matches(byte[] commitment) {
        return commitment != null && MessageDigest.isEqual(commitment(), commitment);
    }

    /** The bare share, sharing this one's bytes. */
    public Share share() {
        return new Share(x, y);
    }

    public void wipe() {
        Arrays.fill(salt, (byte) 0);
        Arrays.fill(y, (byte) 0);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SaltedShare that && x == that.x && Arrays.equals(salt, that.salt) && Arrays.equals(y, that.y);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * x + Arrays.hashCode(salt)) + Arrays.hashCode(y);
    }

    @Override
    public String toString() {
        return "SaltedShare[x=" + x + ", " + y.length + " bytes]";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
