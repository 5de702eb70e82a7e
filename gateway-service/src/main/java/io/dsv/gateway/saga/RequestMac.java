package io.dsv.gateway.saga;

import io.dsv.core.protocol.Operation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A MAC of a whole write request (HMAC-SHA256 under a key every gateway holds and nothing else does),
 * carried with its Idempotency-Key and recorded by metadata: a replay is answered only when its MAC
 * matches, so the same key with another body is refused as reused, for a single value and for a whole
 * {@code .env} file alike. Keyed, so the recorded MAC says nothing of a value (an unkeyed hash of a
 * short password could be guessed). Without a configured key each gateway makes its own, and a retry
 * through another gateway, or after a restart, is refused as reused (fail closed: never written twice).
 */
@Component
public class RequestMac {

    private static final Logger log = LoggerFactory.getLogger(RequestMac.class);
    private static final int MIN_KEY_BYTES = 32;

    private final SecretKeySpec key;

    @org.springframework.beans.factory.annotation.Autowired
    public RequestMac(@Value("${dsv.gateway.request-mac-key-file:}") String keyFile) {
        this(keyFile.isBlank() ? ownKey() : read(Path.of(keyFile)));
    }

    RequestMac(byte[] key) {
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** A single-key write: create, update or delete of one name, its precondition and its value (none for a delete). */
    public byte[] of(String namespace, String name, Operation operation, long expectedVersion, byte[] value) {
        Mac mac = mac();
        field(mac, "key");
        field(mac, namespace);
        field(mac, name);
        field(mac, operation.name());
        field(mac, Long.toString(expectedVersion));
        field(mac, value == null ? new byte[0] : value);
        return mac.doFinal();
    }

    /** A {@code .env} request: the namespace and the whole file as sent. */
    public byte[] ofEnvFile(String namespace, String file) {
        Mac mac = mac();
        field(mac, "env");
        field(mac, namespace);
        field(mac, file);
        return mac.doFinal();
    }

    private Mac mac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Length-prefixed, so that no two different requests feed the MAC the same bytes. */
    private static void field(Mac mac, String text) {
        field(mac, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void field(Mac mac, byte[] bytes) {
        mac.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        mac.update(bytes);
    }

    private static byte[] read(Path file) {
        try {
            byte[] key = HexFormat.of().parseHex(Files.readString(file, StandardCharsets.US_ASCII).trim());
            if (key.length < MIN_KEY_BYTES) {
                throw new IllegalStateException("dsv.gateway.request-mac-key-file " + file + " holds " + key.length
                        + " bytes; it must hold at least " + MIN_KEY_BYTES + ", hex-encoded");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("dsv.gateway.request-mac-key-file " + file + " is not hex", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dsv.gateway.request-mac-key-file " + file, e);
        }
    }

    private static byte[] ownKey() {
        log.warn("dsv.gateway.request-mac-key-file is not set: this gateway uses a key of its own, so a retried"
                + " Idempotency-Key through another gateway or after a restart is refused as reused");
        byte[] key = new byte[MIN_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
