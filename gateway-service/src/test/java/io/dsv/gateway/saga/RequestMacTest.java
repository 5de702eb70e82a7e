package io.dsv.gateway.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsv.core.protocol.Operation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestMacTest {

    private static final byte[] V = "s3cret".getBytes(StandardCharsets.UTF_8);

    @Test
    void everyPartOfTheRequestChangesTheMac() {
        RequestMac mac = new RequestMac(new byte[32]);
        byte[] base = mac.of("ns", "db", Operation.CREATE, 0, V);
        assertThat(mac.of("ns", "db", Operation.CREATE, 0, V.clone())).isEqualTo(base);
        assertThat(mac.of("ns2", "db", Operation.CREATE, 0, V)).isNotEqualTo(base);
        assertThat(mac.of("ns", "db2", Operation.CREATE, 0, V)).isNotEqualTo(base);
        assertThat(mac.of("ns", "db", Operation.UPDATE, 0, V)).isNotEqualTo(base);
        assertThat(mac.of("ns", "db", Operation.CREATE, 1, V)).isNotEqualTo(base);
        assertThat(mac.of("ns", "db", Operation.CREATE, 0, "s3creT".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(base);
        // fields are length-prefixed: moving a character from one field to the next is another request
        assertThat(mac.of("n", "sdb", Operation.CREATE, 0, V)).isNotEqualTo(base);
        assertThat(mac.ofEnvFile("ns", "A=enc(x)\n")).isNotEqualTo(mac.ofEnvFile("ns", "A=enc(y)\n"))
                .isNotEqualTo(mac.ofEnvFile("ns2", "A=enc(x)\n"));
    }

    @Test
    void gatewaysWithTheSameKeyAgreeAndAnotherKeyGivesAnotherMac(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("request-mac.key");
        Files.writeString(file, HexFormat.of().formatHex(new byte[32]) + "\n");
        RequestMac fromFile = new RequestMac(file.toString());
        assertThat(fromFile.of("ns", "db", Operation.CREATE, 0, V)).isEqualTo(new RequestMac(new byte[32])
                .of("ns", "db", Operation.CREATE, 0, V));
        assertThat(new RequestMac("").of("ns", "db", Operation.CREATE, 0, V))
                .as("a key of its own").isNotEqualTo(fromFile.of("ns", "db", Operation.CREATE, 0, V));
    }

    @Test
    void aShortOrMalformedKeyFileStopsTheStart(@TempDir Path dir) throws Exception {
        Path shortKey = dir.resolve("short");
        Files.writeString(shortKey, "00ff");
        assertThatThrownBy(() -> new RequestMac(shortKey.toString())).hasMessageContaining("at least 32");
        Path notHex = dir.resolve("nothex");
        Files.writeString(notHex, "z".repeat(64));
        assertThatThrownBy(() -> new RequestMac(notHex.toString())).hasMessageContaining("not hex");
    }
}
