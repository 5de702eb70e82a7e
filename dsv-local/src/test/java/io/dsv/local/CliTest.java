package io.dsv.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: the {@code dsv} command end to end, as a process of its own (the runnable jar bin/dsv starts)
 * against the real cluster: login from standard input, put, get, ls, history, env encrypt, and run -- cmd
 * seeing the value in its environment, with no file under the working or home directory holding it after.
 */
@ExtendWith(SharedCluster.class)
@Order(17)
class CliTest {

    private static final String VALUE = "cli-s3cr3t-value";
    private static final String ENV_VALUE = "from-the-env-file-7f3a";

    @TempDir
    Path home;
    @TempDir
    Path work;

    record Result(int exit, String out, String err) {
    }

    private Result dsv(String stdin, Map<String, String> extraEnv, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("DSV_"));
        env.put("HOME", home.toString());
        env.remove("XDG_CONFIG_HOME");
        env.put("DSV_ADDR", SharedCluster.cluster().gatewayUrl(0));
        env.put("DSV_NAMESPACE", "cli");
        env.putAll(extraEnv);
        Process process = builder.start();
        process.getOutputStream().write(stdin == null ? new byte[0] : stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private Result dsv(String stdin, String... args) throws Exception {
        return dsv(stdin, Map.of(), args);
    }

    private static Path jar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("..", "dsv-cli", "target"))) {
            return files.filter(p -> p.getFileName().toString().matches("dsv-cli-.*-exec\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("build dsv-cli first (its -exec jar)")).toAbsolutePath();
        }
    }

    @Test
    void loginPutGetListHistoryEnvEncryptAndRun() throws Exception {
        assertThat(dsv(null, "get", "db-pass").exit()).as("not logged in").isEqualTo(5);

        Result login = dsv(Http.token + "\n", "login");
        assertThat(login.exit()).as(login.err()).isZero();
        Path stored = home.resolve(".config/dsv/token");
        assertThat(Files.readString(stored)).isEqualTo(Http.token);
        assertThat(Files.getPosixFilePermissions(stored)).containsOnly(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);

        Result put = dsv(VALUE + "\n", "put", "db-pass");
        assertThat(put.exit()).as(put.err()).isZero();
        assertThat(put.out()).contains("db-pass version 1");
        assertThat(dsv(null, "get", "db-pass").out()).isEqualTo(VALUE);
        assertThat(dsv("again", "put", "db-pass").exit()).as("exists").isEqualTo(4);
        assertThat(dsv(null, "get", "nothing-here").exit()).isEqualTo(3);
        Result update = dsv("rotated", "update", "db-pass", "--if-match", "1");
        assertThat(update.exit()).as(update.err()).isZero();
        assertThat(dsv(null, "get", "db-pass", "--version", "1").out()).isEqualTo(VALUE);
        assertThat(dsv(null, "history", "db-pass").out()).contains("1 ").contains("2 ");
        Result ls = dsv(null, "ls", "-o", "json");
        assertThat(ls.out()).contains("\"name\":\"db-pass\"").contains("\"version\":2").doesNotContain(VALUE);

        Path env = work.resolve(".env");
        Files.writeString(env, "# the app's settings\nDB_PASS=enc(" + ENV_VALUE + ")\nPLAIN=hello\nROTATED=secret(db-pass)\n");
        Result encrypt = dsv(null, "env", "encrypt", ".env");
        assertThat(encrypt.exit()).as(encrypt.err()).isZero();
        assertThat(Files.readString(env))
                .isEqualTo("# the app's settings\nDB_PASS=secret(DB_PASS)\nPLAIN=hello\nROTATED=secret(db-pass)\n");

        Result run = dsv(null, "run", "--env", ".env", "--", "sh", "-c", "echo \"$DB_PASS $PLAIN $ROTATED\"");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(ENV_VALUE + " hello rotated\n");
        assertThat(dsv(null, "run", "--env", ".env", "--", "sh", "-c", "exit 7").exit()).as("the command's exit code")
                .isEqualTo(7);
        assertThat(dsv(null, "env", "expand", ".env").out()).contains("DB_PASS=" + ENV_VALUE);

        for (Path dir : List.of(work, home)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String content = Files.readString(file, StandardCharsets.ISO_8859_1);
                    assertThat(content).as(file.toString()).doesNotContain(ENV_VALUE).doesNotContain(VALUE)
                            .doesNotContain("rotated");
                }
            }
        }
    }

    @Test
    void badInputGetsAClearMessageAndItsExitCode() throws Exception {
        Map<String, String> token = new HashMap<>(Map.of("DSV_TOKEN", Http.token));
        Path bad = work.resolve("bad.env");
        Files.writeString(bad, "A=1\nB 'no equals'\n");
        Result syntax = dsv(null, token, "env", "encrypt", "bad.env");
        assertThat(syntax.exit()).isEqualTo(7);
        assertThat(syntax.err()).contains("line 2").contains("column").doesNotContain("no equals");
        assertThat(dsv(null, token, "get").exit()).as("usage").isEqualTo(2);
        Result noNamespace = dsv(null, Map.of("DSV_TOKEN", Http.token, "DSV_NAMESPACE", ""), "ls");
        assertThat(noNamespace.exit()).isEqualTo(2);
        assertThat(noNamespace.err()).contains("namespace");
        assertThat(dsv(null, Map.of("DSV_TOKEN", "dsv.nope.nope"), "ls").exit()).isEqualTo(5);
    }
}
