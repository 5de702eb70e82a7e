package io.dsv.core.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Range digests for anti-entropy. The shares a node holds (or should hold) are entries
 * {@code namespace/name/txId/index}; entries fall into {@code buckets} ranges by a hash of the key,
 * and each range's digest is the XOR of its entries' SHA-256 — independent of order, so a node and
 * metadata can compute it from unordered scans and compare a few hundred bytes, not every key.
 */
public final class ShareInventory {

    private ShareInventory() {
    }

    public static String entry(String namespace, String name, String txId, int shareIndex) {
        return namespace + "/" + name + "/" + txId + "/" + shareIndex;
    }

    /** The range of a key: the same for all its versions and shares, so a range is a set of keys. */
    public static int bucket(String namespace, String name, int buckets) {
        byte[] digest = sha256(namespace + "/" + name);
        int h = ((digest[0] & 0xFF) << 24) | ((digest[1] & 0xFF) << 16) | ((digest[2] & 0xFF) << 8) | (digest[3] & 0xFF);
        return Integer.remainderUnsigned(h, buckets);
    }

    /** Folds one entry into a range's running digest (32 bytes, XOR of entry hashes). */
    public static void add(byte[] rangeDigest, String entry) {
        byte[] h = sha256(entry);
        for (int i = 0; i < rangeDigest.length; i++) {
            rangeDigest[i] ^= h[i];
        }
    }

    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Per range: how many entries and their digest. */
    public record Digests(int buckets, List<String> digests, List<Integer> counts) {
    }

    /** The entries of one range. */
    public record Entries(int bucket, List<String> entries) {
    }
}
