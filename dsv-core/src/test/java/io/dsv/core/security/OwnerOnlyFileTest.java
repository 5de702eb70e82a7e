package io.dsv.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyFileTest {

    @TempDir
    Path dir;

    @Test
    void aSecretFileIsReadableByItsOwnerOnlyAndReplacedWhole() throws Exception {
        Path file = dir.resolve("roles/admin.password");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "an older and longer password");
        Files.setPosixFilePermissions(file, java.util.EnumSet.allOf(PosixFilePermission.class));

        OwnerOnlyFile.write(file, "s3cr3t");

        assertThat(Files.readString(file)).isEqualTo("s3cr3t");
        assertThat(Files.getPosixFilePermissions(file))
                .containsOnly(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        OwnerOnlyFile.write(dir.resolve("new/dir/key.pem"), "k");
        assertThat(Files.readString(dir.resolve("new/dir/key.pem"))).isEqualTo("k");
    }

    @Test
    void aRandomSecretIsMadeOnceOwnerOnlyAndReadBackAfterwards() throws Exception {
        Path file = dir.resolve("kafka/credentials/gateway.password");
        String first = OwnerOnlyFile.secret(file, 24);
        assertThat(first).matches("[0-9a-f]{48}");
        assertThat(Files.getPosixFilePermissions(file))
                .containsOnly(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(OwnerOnlyFile.secret(file, 24)).isEqualTo(first);
        assertThat(OwnerOnlyFile.secret(dir.resolve("other.password"), 24)).isNotEqualTo(first);
    }
}
