package io.dsv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsv.sdk.DsvException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliConfigTest {

    @TempDir
    Path home;

    @Test
    void theStoredTokenIsOwnerOnlyAndTheEnvironmentWins() throws Exception {
        CliConfig stored = new CliConfig(Map.of("HOME", home.toString()));
        assertThat(stored.token()).isNull();
        assertThat(stored.address(null)).isEqualTo(CliConfig.DEFAULT_ADDRESS);
        stored.store("dsv.a.b".toCharArray(), "https://dsv.example:8443");
        Path token = home.resolve(".config/dsv/token");
        assertThat(Files.getPosixFilePermissions(token)).containsOnly(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
        assertThat(Files.getPosixFilePermissions(token.getParent())).containsOnly(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
        assertThat(new String(stored.token())).isEqualTo("dsv.a.b");
        assertThat(stored.address(null)).isEqualTo("https://dsv.example:8443");
        assertThat(stored.address("http://other")).as("the option first").isEqualTo("http://other");

        CliConfig overridden = new CliConfig(Map.of("HOME", home.toString(), "DSV_TOKEN", "dsv.x.y",
                "DSV_ADDR", "http://env:8080", "DSV_NAMESPACE", "team-a"));
        assertThat(new String(overridden.token())).isEqualTo("dsv.x.y");
        assertThat(overridden.address(null)).isEqualTo("http://env:8080");
        assertThat(overridden.namespace(null)).isEqualTo("team-a");
        assertThat(overridden.namespace("team-b")).isEqualTo("team-b");
    }

    @Test
    void eachKindOfFailureHasItsExitCode() {
        assertThat(DsvMain.exitCode(new DsvException.NotFound(404, "secret_not_found", "x", null, null, null))).isEqualTo(3);
        assertThat(DsvMain.exitCode(new DsvException.Conflict(409, "secret_exists", "x", null, null, null))).isEqualTo(4);
        assertThat(DsvMain.exitCode(new DsvException.Forbidden(403, "forbidden", "x", null, null, null))).isEqualTo(5);
        assertThat(DsvMain.exitCode(new DsvException.Unauthorized(401, "unauthorized", "x", null, null, null))).isEqualTo(5);
        assertThat(DsvMain.exitCode(new DsvException.Unavailable(503, "metadata_unavailable", "x", null, null, null)))
                .isEqualTo(6);
        assertThat(DsvMain.exitCode(new DsvException.InvalidRequest(400, "invalid_request", "x", "f", null, null)))
                .isEqualTo(7);
    }

    @Test
    void aFileWithEncValuesIsNotRunAndASyntaxErrorNamesLineAndColumnOnly() throws Exception {
        Path env = home.resolve("app.env");
        Files.writeString(env, "A=enc(plain-text-here)\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EnvFile.read(env).resolve(null, "ns"))
                .isInstanceOfSatisfying(CliException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(CliException.USAGE);
                    assertThat(e.getMessage()).contains("dsv env encrypt").doesNotContain("plain-text-here");
                });
        Files.writeString(env, "A=1\nB 'secret words'\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EnvFile.read(env))
                .isInstanceOfSatisfying(CliException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(CliException.INVALID);
                    assertThat(e.getMessage()).contains("line 2").contains("column").doesNotContain("secret words");
                });
    }
}
