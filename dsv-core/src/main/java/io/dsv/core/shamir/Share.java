package io.dsv.core.shamir;

import java.util.Arrays;

/**
 * One Shamir share: the polynomial's value {@code y} (one byte per secret byte) at {@code x}.
 * The array is not copied; callers that zero it after use own that duty. {@link #toString} never
 * prints the bytes.
 */
public record Share(int x, byte[] y) {

    public Share {
        if (x < 1 || x > 255) {
            throw new IllegalArgumentException("x-coordinate must be in 1..255, got " + x);
        }
        if (y == null) {
            throw new IllegalArgumentException("share " + x + " has no bytes");
        }
    }

    public int length() {
        return y.length;
    }

    /** Overwrites the share's bytes with zeros. */
    public void wipe() {
        Arrays.fill(y, (byte) 0);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Share that && x == that.x && Arrays.equals(y, that.y);
    }

    @Override
    public int hashCode() {
        return 31 * x + Arrays.hashCode(y);
    }

    @Override
    public String toString() {
        return "Share[x=" + x + ", " + y.length + " bytes]";
    }
}
