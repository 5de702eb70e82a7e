package io.dsv.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import io.dsv.client.discovery.ServiceLocator;
import io.dsv.client.kafka.TxPartitions;
import io.dsv.client.rpc.InternalPlane;
import io.dsv.client.rpc.RpcProperties;
import io.dsv.core.domain.ErrorCode;
import io.dsv.core.domain.SecretId;
import io.dsv.rpc.AllowedCallers;
import io.dsv.rpc.ClusterCa;
import io.dsv.rpc.Peer;
import io.dsv.rpc.Role;
import io.dsv.rpc.RpcServer;
import io.dsv.rpc.RpcTls;
import io.dsv.rpc.v1.Empty;
import io.dsv.rpc.v1.LookupReply;
import io.dsv.rpc.v1.LookupRequest;
import io.dsv.rpc.v1.MetadataGrpc;
import io.dsv.rpc.v1.PartitionsReply;
import io.dsv.rpc.v1.TokenId;
import io.dsv.rpc.v1.TokenRecord;
import io.dsv.rpc.v1.Version;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.cloud.client.discovery.DiscoveryClient;

/**
 * The gateway's side of metadata scale-out, against two stand-in metadata instances on the real
 * internal plane (mutual TLS on loopback): a look-up goes to the owner of its key's partition, follows
 * a partition that moved, and fails closed on anything but "not found".
 */
class MetadataClientTest {

    @TempDir
    Path dir;

    private ClusterCa ca;
    private Instance a;
    private Instance b;
    private final SecretId id = new SecretId("ns", "k");

    @BeforeEach
    void start() {
        ca = ClusterCa.loadOrCreate(dir);
        a = new Instance("metadata-1");
        b = new Instance("metadata-2");
    }

    @AfterEach
    void stop() {
        a.server.close();
        b.server.close();
    }

    @Test
    void aLookUpGoesToTheOwnerOfItsKeysPartitionAndFollowsItWhenItMoves() throws Exception {
        int partition = TxPartitions.of(id.key());
        a.owns.add(partition);
        MetadataClient client = client(Role.GATEWAY);
        assertThat(client.lookup(id, null, null).version()).isEqualTo(7);
        assertThat(a.lookups.get()).isEqualTo(1);

        a.owns.remove(partition);                                    // a rebalance moves it to b
        b.owns.add(partition);
        assertThat(client.lookup(id, null, null).version()).isEqualTo(7);
        assertThat(b.lookups.get()).isEqualTo(1);
        assertThat(a.misdirected.get()).isEqualTo(1);                 // a answered NOT_OWNER once
        client.destroy();
    }

    @Test
    void onlyNotFoundIsAnAnswerARefusalFailsClosed() throws Exception {
        a.owns.add(TxPartitions.of(id.key()));
        a.found = false;
        MetadataClient client = client(Role.GATEWAY);
        assertThatThrownBy(() -> client.lookup(id, 3L, null)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.VERSION_NOT_FOUND));
        client.destroy();

        MetadataClient stranger = client(Role.SHARD);                // the allow-list refuses a shard node
        assertThatThrownBy(() -> stranger.lookup(id, null, null)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.METADATA_UNAVAILABLE));
        assertThatThrownBy(() -> stranger.token("t")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.METADATA_UNAVAILABLE));
        stranger.destroy();
    }

    @Test
    void withNoOwnerTheLookUpFailsClosedAfterItsPatience() throws Exception {
        MetadataClient client = client(Role.GATEWAY);
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.lookup(new SecretId("ns", "orphan"), null, null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.METADATA_UNAVAILABLE));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(400), Duration.ofSeconds(5));
        client.destroy();
    }

    @Test
    void aTokenIsAskedOfTheNextInstanceWhenOneIsGone() throws Exception {
        MetadataClient client = client(Role.GATEWAY);
        a.server.close();
        assertThat(client.token("missing")).isNull();                 // b answers: no such token
        assertThat(b.tokens.get()).isEqualTo(1);
        client.destroy();
    }

    private MetadataClient client(Role role) {
        RpcTls tls = ca.credentials(new Peer(role, role.label() + "-1"));
        RpcProperties rpc = new RpcProperties("127.0.0.1", 0, role.label() + "-1",
                new RpcProperties.Tls(tls.ca(), tls.certificate(), tls.privateKey()), Duration.ofMillis(500));
        ClusterProperties cluster = new ClusterProperties(5, 3, 4, Duration.ofMillis(50), Duration.ofMillis(500),
                List.of(a.endpoint(), b.endpoint()), List.of());
        return new MetadataClient(cluster, new ServiceLocator(mock(DiscoveryClient.class), cluster),
                new InternalPlane(rpc, List.of()));
    }

    /** One metadata instance: the partitions it owns, look-ups it answers, tokens it does not know. */
    private final class Instance extends MetadataGrpc.MetadataImplBase {
        final String name;
        final Set<Integer> owns = ConcurrentHashMap.newKeySet();
        final AtomicInteger lookups = new AtomicInteger();
        final AtomicInteger misdirected = new AtomicInteger();
        final AtomicInteger tokens = new AtomicInteger();
        volatile boolean found = true;
        final RpcServer server;

        Instance(String name) {
            this.name = name;
            this.server = new RpcServer("127.0.0.1", 0, ca.credentials(new Peer(Role.METADATA, name)),
                    AllowedCallers.METADATA, List.of(this));
        }

        ClusterProperties.Endpoint endpoint() {
            return new ClusterProperties.Endpoint(name, "127.0.0.1:" + server.port());
        }

        @Override
        public void partitions(Empty request, StreamObserver<PartitionsReply> answer) {
            answer.onNext(PartitionsReply.newBuilder().addAllReady(owns).build());
            answer.onCompleted();
        }

        @Override
        public void lookup(LookupRequest request, StreamObserver<LookupReply> answer) {
            String key = request.getKey().getNamespace() + "/" + request.getKey().getName();
            LookupReply reply;
            if (!owns.contains(TxPartitions.of(key))) {
                misdirected.incrementAndGet();
                reply = LookupReply.newBuilder().setStatus(LookupReply.Status.NOT_OWNER).build();
            } else if (!found) {
                reply = LookupReply.newBuilder().setStatus(LookupReply.Status.NOT_FOUND).build();
            } else {
                lookups.incrementAndGet();
                reply = LookupReply.newBuilder().setStatus(LookupReply.Status.FOUND).setVersion(Version.newBuilder()
                        .setNamespace("ns").setName("k").setVersion(7).setTxId("tx").setState("active")).build();
            }
            answer.onNext(reply);
            answer.onCompleted();
        }

        @Override
        public void resolveToken(TokenId request, StreamObserver<TokenRecord> answer) {
            tokens.incrementAndGet();
            answer.onNext(TokenRecord.newBuilder().setFound(false).build());
            answer.onCompleted();
        }
    }
}
