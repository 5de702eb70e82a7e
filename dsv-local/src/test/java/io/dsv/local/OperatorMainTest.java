package io.dsv.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsv.rpc.Peer;
import io.dsv.rpc.Role;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** dsv-operator's parts that need no cluster: issuing a deployment's certificates, and refusing bad arguments. */
class OperatorMainTest {

    @TempDir
    Path dir;

    @Test
    void aHelmReleaseGetsOnePairPerInstanceTheChartRunsAndNeverTheCaKey() throws Exception {
        Run run = run("certificates", "--ca", dir.resolve("ca").toString(), "--out", dir.resolve("secret").toString(),
                "--helm", "prod", "--metadata", "3", "--shards", "4");
        assertThat(run.exit).as(run.err).isZero();

        Set<String> files = new TreeSet<>();
        try (Stream<Path> list = Files.list(dir.resolve("secret"))) {
            list.forEach(p -> files.add(p.getFileName().toString()));
        }
        assertThat(files).contains("ca.crt", "prod-dsv-metadata-2.metadata.dsv.crt", "prod-dsv-metadata-2.metadata.dsv.key",
                "prod-dsv-shard-3.shard.dsv.key", "prod-dsv-gateway.gateway.dsv.crt", "prod-dsv-repair.repair.dsv.key")
                .doesNotContain("ca.key", "prod-dsv-shard-4.shard.dsv.crt", "prod-dsv-metadata-3.metadata.dsv.crt")
                .noneMatch(f -> f.contains("operator"))
                .hasSize(1 + 2 * (3 + 4 + 2));
        assertThat(Files.exists(dir.resolve("ca").resolve("ca.key"))).isTrue();
        // each certificate names exactly the instance its file is for, and is signed by the CA beside it
        X509Certificate ca = certificate(dir.resolve("secret/ca.crt"));
        X509Certificate shard = certificate(dir.resolve("secret/prod-dsv-shard-3.shard.dsv.crt"));
        shard.verify(ca.getPublicKey());
        assertThat(Peer.of(shard)).contains(new Peer(Role.SHARD, "prod-dsv-shard-3"));
        assertThat(Files.getPosixFilePermissions(dir.resolve("secret/prod-dsv-shard-3.shard.dsv.key")))
                .containsOnly(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(run.out).contains("prod-dsv-repair.repair.dsv.key");

        // again: the same CA, the pairs it issued before (a re-run never rotates a pod's key behind its back)
        String before = Files.readString(dir.resolve("secret/prod-dsv-gateway.gateway.dsv.crt"));
        assertThat(run("certificates", "--ca", dir.resolve("ca").toString(), "--out", dir.resolve("again").toString(),
                "--compose", "--peer", "gateway:prod-dsv-gateway").exit).isZero();
        assertThat(Files.readString(dir.resolve("again/prod-dsv-gateway.gateway.dsv.crt"))).isEqualTo(before);
        assertThat(dir.resolve("again/shard-5.shard.dsv.crt")).exists();
        assertThat(Files.readString(dir.resolve("again/ca.crt"))).isEqualTo(Files.readString(dir.resolve("secret/ca.crt")));
    }

    @Test
    void badArgumentsAreRefusedWithWhatIsWrongAndNothingWritten() {
        Run noInstances = run("certificates", "--ca", dir.resolve("ca").toString(), "--out", dir.resolve("o").toString());
        assertThat(noInstances.exit).isEqualTo(2);
        assertThat(noInstances.err).contains("--helm, --compose or --peer");

        Run badRole = run("certificates", "--ca", dir.resolve("ca").toString(), "--out", dir.resolve("o").toString(),
                "--peer", "admin:root");
        assertThat(badRole.exit).isEqualTo(2);
        assertThat(badRole.err).contains("unknown role 'admin'");
        Run badId = run("certificates", "--ca", dir.resolve("ca").toString(), "--out", dir.resolve("o").toString(),
                "--peer", "shard:Shard_1");
        assertThat(badId.exit).isEqualTo(2);
        assertThat(badId.err).contains("1-63 [a-z0-9-]");
        assertThat(dir.resolve("o")).doesNotExist();

        Run badTarget = run("anti-entropy", "--ca", dir.resolve("ca").toString(), "--repair", "127.0.0.1:18060");
        assertThat(badTarget.exit).isEqualTo(2);
        assertThat(badTarget.err).contains("expected <id>@<host>:<port>, got '127.0.0.1:18060'");
        Run badWeight = run("membership", "--ca", dir.resolve("ca").toString(), "--repair", "repair-1@127.0.0.1:1",
                "--member", "shard-1@127.0.0.1:2/heavy");
        assertThat(badWeight.exit).isEqualTo(2);
        assertThat(badWeight.err).contains("weight is a whole number >= 1");
    }

    @Test
    void aClusterThatDoesNotAnswerIsAnErrorNotAHang() {
        // nothing listens on port 1: the call fails fast and says so, exit 1
        Run run = run("membership", "--ca", dir.resolve("ca").toString(), "--repair", "repair-1@127.0.0.1:1");
        assertThat(run.exit).isEqualTo(1);
        assertThat(run.err).contains("the cluster refused or did not answer: UNAVAILABLE");
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = OperatorMain.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    record Run(int exit, String out, String err) {
    }

    private static X509Certificate certificate(Path file) throws IOException, java.security.GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
