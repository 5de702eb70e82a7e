package io.dsv.sdk;

import java.util.Arrays;

/**
 * A JSON object written straight into a byte buffer, so that a value given as {@code char[]} never becomes
 * a String; every buffer it outgrows is wiped, and {@link #bytes} hands over the last one to be wiped after
 * sending.
 */
final class JsonBody {

    private byte[] buffer = new byte[256];
    private int size;
    private boolean first = true;

    JsonBody() {
        put('{');
    }

    JsonBody field(String name, String value) {
        return value == null ? this : field(name, value.toCharArray());
    }

    JsonBody field(String name, char[] value) {
        name(name);
        string(value);
        return this;
    }

    JsonBody field(String name, long value) {
        name(name);
        for (char c : Long.toString(value).toCharArray()) {
            put(c);
        }
        return this;
    }

    /** A field whose value is already JSON (an object built by another JsonBody). */
    JsonBody raw(String name, byte[] json) {
        name(name);
        for (byte b : json) {
            putByte(b);
        }
        return this;
    }

    /** The finished object; the caller wipes it after use. */
    byte[] bytes() {
        put('}');
        byte[] out = Arrays.copyOf(buffer, size);
        Arrays.fill(buffer, (byte) 0);
        return out;
    }

    private void name(String name) {
        if (!first) {
            put(',');
        }
        first = false;
        string(name.toCharArray());
        put(':');
    }

    private void string(char[] value) {
        put('"');
        for (int i = 0; i < value.length; i++) {
            char c = value[i];
            if (c == '"' || c == '\\') {
                put('\\');
                put(c);
            } else if (c < 0x20) {
                put('\\');
                put('u');
                String hex = String.format("%04x", (int) c);
                for (char h : hex.toCharArray()) {
                    put(h);
                }
            } else if (c < 0x80) {
                put(c);
            } else if (Character.isHighSurrogate(c) && i + 1 < value.length && Character.isLowSurrogate(value[i + 1])) {
                utf8(Character.toCodePoint(c, value[++i]));
            } else {
                utf8(c);
            }
        }
        put('"');
    }

    /** UTF-8 by hand: no String of the value is ever made. A lone surrogate becomes U+FFFD. */
    private void utf8(int codePoint) {
        int cp = codePoint >= 0xD800 && codePoint <= 0xDFFF ? 0xFFFD : codePoint;
        if (cp < 0x800) {
            putByte((byte) (0xC0 | cp >> 6));
        } else if (cp < 0x10000) {
            putByte((byte) (0xE0 | cp >> 12));
            putByte((byte) (0x80 | (cp >> 6 & 0x3F)));
        } else {
            putByte((byte) (0xF0 | cp >> 18));
            putByte((byte) (0x80 | (cp >> 12 & 0x3F)));
            putByte((byte) (0x80 | (cp >> 6 & 0x3F)));
        }
        putByte((byte) (0x80 | (cp & 0x3F)));
    }

    private void put(char ascii) {
        putByte((byte) ascii);
    }

    private void putByte(byte b) {
        if (size == buffer.length) {
            byte[] bigger = Arrays.copyOf(buffer, buffer.length * 2);
            Arrays.fill(buffer, (byte) 0);
            buffer = bigger;
        }
        buffer[size++] = b;
    }
}
