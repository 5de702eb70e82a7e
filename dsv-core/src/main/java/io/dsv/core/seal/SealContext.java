package io.dsv.core.seal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What a sealed share is bound to: opening it under any other context fails. This is the AEAD's
 * associated data, so a sealed share cannot be replayed under another secret, version, index or node.
 *
 * @param versionOrTx the version number, or the transaction id while the write is pending
 */
public record SealContext(String namespace, String name, String versionOrTx, int shareIndex, String nodeId) {

    public SealContext {
        requireText(namespace, "namespace");
        requireText(name, "name");
        requireText(versionOrTx, "versionOrTx");
        requireText(nodeId, "nodeId");
        if (shareIndex < 1 || shareIndex > 255) {
            throw new IllegalArgumentException("shareIndex must be in 1..255, got " + shareIndex);
        }
    }

    /** Each field length-prefixed, so that no two different contexts encode alike ("a|bc" vs "ab|c"). */
    public byte[] associatedData() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        out.write(0x01);                                    // associated-data layout version
        writeField(out, namespace);
        writeField(out, name);
        writeField(out, versionOrTx);
        out.write(shareIndex);
        writeField(out, nodeId);
        return out.toByteArray();
    }

    private static void writeField(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >>> 8);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > 0xFFFF) {
            throw new IllegalArgumentException(field + " is longer than 65535 bytes");
        }
    }
}
