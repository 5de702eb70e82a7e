package io.dsv.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed statements: believed only with a certificate of this cluster's CA, over exactly the signed bytes. */
class ClusterSignaturesTest {

    @TempDir
    Path dir;

    @Test
    void aStatementSignedByAnInstanceNamesItAndNothingElsePasses() {
        ClusterCa ca = ClusterCa.loadOrCreate(dir.resolve("ca"));
        ClusterSignatures repair = ClusterSignatures.of(ca.credentials(new Peer(Role.REPAIR, "repair-1")));
        ClusterSignatures reader = ClusterSignatures.of(ca.credentials(new Peer(Role.GATEWAY, "gateway-1")));
        byte[] statement = "epoch 7: shard-1, shard-2, shard-3".getBytes(StandardCharsets.UTF_8);

        ClusterSignatures.Signed signed = repair.sign(statement);

        assertThat(reader.signer(statement, signed.certificate(), signed.signature()))
                .contains(new Peer(Role.REPAIR, "repair-1"));
        byte[] tampered = "epoch 7: shard-1, shard-2, evil-9".getBytes(StandardCharsets.UTF_8);
        assertThat(reader.signer(tampered, signed.certificate(), signed.signature())).isEmpty();
        assertThat(reader.signer(statement, signed.certificate(), null)).isEmpty();
        assertThat(reader.signer(statement, new byte[] {1, 2, 3}, signed.signature())).isEmpty();
        // a shard node's own signature names a shard node: the reader's role check refuses it
        ClusterSignatures shard = ClusterSignatures.of(ca.credentials(new Peer(Role.SHARD, "shard-1")));
        ClusterSignatures.Signed byShard = shard.sign(statement);
        assertThat(reader.signer(statement, byShard.certificate(), byShard.signature()))
                .contains(new Peer(Role.SHARD, "shard-1"));
    }

    @Test
    void aCertificateOfAnotherCaIsNotBelieved() {
        ClusterCa ours = ClusterCa.loadOrCreate(dir.resolve("ours"));
        ClusterCa theirs = ClusterCa.loadOrCreate(dir.resolve("theirs"));
        ClusterSignatures impostor = ClusterSignatures.of(theirs.credentials(new Peer(Role.REPAIR, "repair-1")));
        ClusterSignatures reader = ClusterSignatures.of(ours.credentials(new Peer(Role.GATEWAY, "gateway-1")));
        byte[] statement = "epoch 8".getBytes(StandardCharsets.UTF_8);

        ClusterSignatures.Signed signed = impostor.sign(statement);

        assertThat(reader.signer(statement, signed.certificate(), signed.signature())).isEmpty();
    }
}
