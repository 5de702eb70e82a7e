package io.dsv.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsv.rpc.v1.Empty;
import io.dsv.rpc.v1.FetchShareRequest;
import io.dsv.rpc.v1.NodeIdentity;
import io.dsv.rpc.v1.SealedShare;
import io.dsv.rpc.v1.ShardGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The internal plane on a real TLS connection on loopback: a caller's role comes from its certificate
 * and each method admits only the roles it lists; a server must be the peer the client dialled; a
 * certificate from another CA, or none, gets nothing.
 */
class InternalPlaneTest {

    @TempDir
    Path dir;

    private ClusterCa ca;
    private RpcServer server;
    private final Peer node = new Peer(Role.SHARD, "shard-1");

    @BeforeEach
    void startAShardNode() {
        ca = ClusterCa.loadOrCreate(dir.resolve("ca"));
        server = new RpcServer("127.0.0.1", 0, ca.credentials(node), AllowedCallers.SHARD, List.of(new FakeShard()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aGatewayFetchesAShareAndLearnsWhoItIs() {
        try (Channels channels = new Channels(ca.credentials(new Peer(Role.GATEWAY, "gateway-1")))) {
            SealedShare share = stub(channels).fetchShare(FetchShareRequest.newBuilder().setTxId("tx").build());
            assertThat(share.getFound()).isTrue();
            assertThat(share.getNodeId()).as("the server saw the caller's certificate").isEqualTo("gateway gateway-1");
        }
    }

    @Test
    void anotherShardNodeMayNotFetchASharenorAnyoneCallAMethodNotListedForThem() {
        try (Channels channels = new Channels(ca.credentials(new Peer(Role.SHARD, "shard-2")))) {
            assertThatThrownBy(() -> stub(channels).fetchShare(FetchShareRequest.newBuilder().setTxId("tx").build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
            assertThatThrownBy(() -> stub(channels).identity(Empty.getDefaultInstance()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        }
        try (Channels channels = new Channels(ca.credentials(new Peer(Role.METADATA, "metadata-1")))) {
            assertThatThrownBy(() -> stub(channels).fetchShare(FetchShareRequest.newBuilder().setTxId("tx").build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        }
    }

    @Test
    void aClientRefusesAServerThatIsNotThePeerItDialled() {
        try (Channels channels = new Channels(ca.credentials(new Peer(Role.GATEWAY, "gateway-1")))) {
            ShardGrpc.ShardBlockingStub impostor = ShardGrpc.newBlockingStub(
                    channels.to(new Peer(Role.SHARD, "shard-9"), "127.0.0.1:" + server.port()))
                    .withDeadlineAfter(5, TimeUnit.SECONDS);
            assertThatThrownBy(() -> impostor.identity(Empty.getDefaultInstance()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        }
    }

    @Test
    void aCertificateFromAnotherCaGetsNothing() {
        ClusterCa stranger = ClusterCa.loadOrCreate(dir.resolve("other-ca"));
        RpcTls forged = stranger.credentials(new Peer(Role.GATEWAY, "gateway-1"));
        RpcTls trusting = new RpcTls(ca.caCertificate(), forged.certificate(), forged.privateKey());
        try (Channels channels = new Channels(trusting)) {
            assertThatThrownBy(() -> stub(channels).fetchShare(FetchShareRequest.newBuilder().setTxId("tx").build()))
                    .isInstanceOf(StatusRuntimeException.class)
                    .satisfies(e -> assertThat(((StatusRuntimeException) e).getStatus().getCode()).isNotEqualTo(Status.Code.OK));
        }
    }

    @Test
    void aPeerThatComesBackIsDialledOnTheNextCallNotAfterABackOff() throws InterruptedException {
        int port = server.port();
        try (Channels channels = new Channels(ca.credentials(new Peer(Role.GATEWAY, "gateway-1")))) {
            FetchShareRequest request = FetchShareRequest.newBuilder().setTxId("tx").build();
            assertThat(stub(channels, port).fetchShare(request).getFound()).isTrue();
            server.close();
            // six seconds down, called every half second: a plain channel now waits seconds before it dials again
            long downUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
            while (System.nanoTime() < downUntil) {
                assertThatThrownBy(() -> stub(channels, port).fetchShare(request)).isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
                Thread.sleep(500);
            }
            server = new RpcServer("127.0.0.1", port, ca.credentials(node), AllowedCallers.SHARD, List.of(new FakeShard()));
            long backBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            boolean answered = false;
            while (!answered && System.nanoTime() < backBy) {
                try {
                    answered = stub(channels, port).fetchShare(request).getFound();
                } catch (StatusRuntimeException e) {
                    Thread.sleep(100);                  // the call that finds the channel waiting redials it
                }
            }
            assertThat(answered).as("answered within a second of coming back").isTrue();
        }
    }

    @Test
    void aPeersNameIsReadBackFromItsCertificateOnly() {
        assertThat(Peer.ofDnsName("shard-3.shard.dsv")).contains(new Peer(Role.SHARD, "shard-3"));
        assertThat(Peer.ofDnsName("shard-3.wizard.dsv")).isEmpty();
        assertThat(Peer.ofDnsName("shard-3.shard.example.com")).isEmpty();
        assertThat(Peer.ofDnsName("evil.gateway.dsv.attacker.net")).isEmpty();
    }

    private ShardGrpc.ShardBlockingStub stub(Channels channels) {
        return stub(channels, server.port());
    }

    private ShardGrpc.ShardBlockingStub stub(Channels channels, int port) {
        return ShardGrpc.newBlockingStub(channels.to(node, "127.0.0.1:" + port)).withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    /** Answers with the caller it saw, so the test knows the role reached the method. */
    private static final class FakeShard extends ShardGrpc.ShardImplBase {
        @Override
        public void fetchShare(FetchShareRequest request, StreamObserver<SealedShare> answer) {
            answer.onNext(SealedShare.newBuilder().setFound(true).setNodeId(AllowList.CALLER.get().toString()).build());
            answer.onCompleted();
        }

        @Override
        public void identity(Empty request, StreamObserver<NodeIdentity> answer) {
            answer.onNext(NodeIdentity.newBuilder().setNodeId("shard-1").build());
            answer.onCompleted();
        }
    }
}
