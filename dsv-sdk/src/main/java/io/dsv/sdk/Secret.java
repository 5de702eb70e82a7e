package io.dsv.sdk;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A secret's value (UTF-8 bytes, yours to wipe) and the version it is. {@code toString} never prints the value. */
public record Secret(byte[] value, long version) {

    /** The value as characters (a char[] you can wipe, unlike a String). */
    public char[] chars() {
        java.nio.CharBuffer chars = StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(value));
        char[] out = new char[chars.remaining()];
        chars.get(out);
        Arrays.fill(chars.array(), '\0');
        return out;
    }

    /** Overwrites the value in memory. */
    public void wipe() {
        Arrays.fill(value, (byte) 0);
    }

    @Override
    public String toString() {
        return "Secret[version=" + version + ", value=(" + value.length + " bytes)]";
    }
}
