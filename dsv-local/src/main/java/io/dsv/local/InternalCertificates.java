package io.dsv.local;

import io.dsv.rpc.ClusterCa;
import io.dsv.rpc.Peer;
import io.dsv.rpc.Role;
import io.dsv.rpc.RpcTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The internal plane's certificates for a deployment: which instances a Helm release or the compose
 * file runs (their ids are what each pod or container sets as {@code dsv.rpc.id}), and copying each
 * one's pair, with the CA certificate, to a directory a Secret or a volume is made from. The CA key
 * stays behind.
 */
final class InternalCertificates {

    private InternalCertificates() {
    }

    /** What helm/dsv runs for a release: pods named after their StatefulSet, one id per Deployment. */
    static List<Peer> helm(String release, int metadata, int shards) {
        String name = release + "-dsv";
        List<Peer> peers = new ArrayList<>();
        for (int i = 0; i < metadata; i++) {
            peers.add(new Peer(Role.METADATA, name + "-metadata-" + i));
        }
        for (int i = 0; i < shards; i++) {
            peers.add(new Peer(Role.SHARD, name + "-shard-" + i));
        }
        peers.add(new Peer(Role.GATEWAY, name + "-gateway"));
        peers.add(new Peer(Role.REPAIR, name + "-repair"));
        return peers;
    }

    /** What docker/compose.yaml runs: the services' default ids. */
    static List<Peer> compose() {
        List<Peer> peers = new ArrayList<>(List.of(new Peer(Role.METADATA, "metadata-1"), new Peer(Role.REPAIR, "repair-1"),
                new Peer(Role.GATEWAY, "gateway-1")));
        for (int i = 1; i <= 5; i++) {
            peers.add(new Peer(Role.SHARD, "shard-" + i));
        }
        return peers;
    }

    /** {@code role:id}, e.g. {@code shard:shard-6}. */
    static Peer peer(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected <role>:<id>, got '" + text + "'");
        }
        Role role;
        try {
            role = Role.valueOf(text.substring(0, colon).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown role '" + text.substring(0, colon) + "' (one of "
                    + List.of(Role.values()).stream().map(Role::label).toList() + ")");
        }
        return new Peer(role, text.substring(colon + 1));
    }

    /** Issues (or reuses) each peer's pair and copies it and ca.crt into {@code out}; returns what it wrote. */
    static List<Path> issue(ClusterCa ca, List<Peer> peers, Path out) {
        try {
            Files.createDirectories(out);
            List<Path> written = new ArrayList<>();
            written.add(Files.copy(ca.caCertificate(), out.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING));
            for (Peer peer : peers) {
                RpcTls tls = ca.credentials(peer);
                written.add(Files.copy(tls.certificate(), out.resolve(tls.certificate().getFileName()),
                        StandardCopyOption.REPLACE_EXISTING));
                written.add(Files.copy(tls.privateKey(), out.resolve(tls.privateKey().getFileName()),
                        StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES));
            }
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the certificates to " + out, e);
        }
    }
}
