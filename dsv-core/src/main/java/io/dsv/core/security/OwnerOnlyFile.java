package io.dsv.core.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file that holds a key or a password: created afresh readable and writable by its owner only,
 * so it is never for a moment readable by others (on a file system without POSIX permissions the
 * directory's permissions must do).
 */
public final class OwnerOnlyFile {

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private OwnerOnlyFile() {
    }

    /** Replaces {@code file} (its parent made if need be) with {@code content}, owner-only. */
    public static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, content);
    }

    /**
     * The random secret kept in {@code file} ({@code bytes} random bytes, hex), made owner-only on first use
     * and read back afterwards: a password or key a launcher makes once and hands to a service by path.
     */
    public static synchronized String secret(Path file, int bytes) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file, java.nio.charset.StandardCharsets.UTF_8).trim();
        }
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        String secret = java.util.HexFormat.of().formatHex(random);
        write(file, secret);
        return secret;
    }
}
