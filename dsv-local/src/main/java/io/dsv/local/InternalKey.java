package io.dsv.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** The cluster key that signs internal service tokens: 32 random bytes, created once, owner-only. */
final class InternalKey {

    private InternalKey() {
    }

    static String loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve("internal.key");
        try {
            Files.createDirectories(dataDir);
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            String encoded = Base64.getEncoder().encodeToString(key);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, encoded);
            return encoded;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load or create " + file, e);
        }
    }
}
