package io.dsv.shard.identity;

import io.dsv.core.seal.X25519Keys;
import io.dsv.shard.config.ShardProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The node's X25519 key pair: generated on first start, kept in its data directory readable by the
 * owner only, and never sent anywhere. The public key is what writers seal shares to.
 */
@Component
public class NodeIdentity {

    private static final Logger log = LoggerFactory.getLogger(NodeIdentity.class);
    private static final String PRIVATE_KEY_FILE = "node-x25519.key";

    private final ShardProperties properties;
    private final KeyPair keyPair;

    public NodeIdentity(ShardProperties properties) {
        this.properties = properties;
        this.keyPair = loadOrCreate(properties.dataDir());
    }

    public String nodeId() {
        return properties.nodeId();
    }

    public int weight() {
        return properties.weight();
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    public byte[] rawPublicKey() {
        return X25519Keys.rawPublicKey(keyPair.getPublic());
    }

    private KeyPair loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(PRIVATE_KEY_FILE);
        try {
            Files.createDirectories(dataDir);
            if (Files.exists(file)) {
                var privateKey = X25519Keys.privateKey(Files.readAllBytes(file));
                return new KeyPair(X25519Keys.publicKeyOf(privateKey), privateKey);
            }
            KeyPair created = X25519Keys.generate();
            writeOwnerOnly(file, X25519Keys.encodePrivateKey(created.getPrivate()));
            log.info("Shard node {} created its key pair in {}", properties.nodeId(), dataDir);
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load or create the key pair in " + dataDir, e);
        }
    }

    private static void writeOwnerOnly(Path file, byte[] bytes) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);             // not a POSIX file system: rely on the directory's permissions
        } catch (FileAlreadyExistsException e) {
            throw new IOException("key file appeared while creating it: " + file, e);
        }
        Files.write(file, bytes, StandardOpenOption.TRUNCATE_EXISTING);
        Set<java.nio.file.attribute.PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        try {
            Files.setPosixFilePermissions(file, ownerOnly);
        } catch (UnsupportedOperationException ignored) {
            // non-POSIX file system
        }
    }
}
