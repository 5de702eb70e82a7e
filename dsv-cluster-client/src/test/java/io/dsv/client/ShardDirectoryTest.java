package io.dsv.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.google.protobuf.ByteString;
import io.dsv.client.discovery.ServiceLocator;
import io.dsv.client.discovery.ServiceLocator.DiscoveredShard;
import io.dsv.client.rpc.InternalPlane;
import io.dsv.core.seal.X25519Keys;
import io.dsv.rpc.v1.NodeIdentity;
import io.dsv.rpc.v1.ShardGrpc;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: a shard node's public key is what the node itself says over mutual TLS, never what a
 * discovery registration says; a registration that names another key is refused, not used.
 */
class ShardDirectoryTest {

    private final byte[] nodeKey = X25519Keys.rawPublicKey(X25519Keys.generate().getPublic());
    private final ServiceLocator locator = mock(ServiceLocator.class);
    private final InternalPlane plane = mock(InternalPlane.class);
    private final MetadataClient pins = mock(MetadataClient.class);
    private final ShardDirectory directory = new ShardDirectory(new ClusterProperties(3, 2, 2, Duration.ofMillis(50), Duration.ofSeconds(1),
            List.of(), List.of(new ClusterProperties.ShardEndpoint("shard-1", "127.0.0.1:1", 1),
                    new ClusterProperties.ShardEndpoint("shard-2", "127.0.0.1:2", 1),
                    new ClusterProperties.ShardEndpoint("shard-3", "127.0.0.1:3", 1))), locator, plane, pins);

    ShardDirectoryTest() {
        ShardGrpc.ShardBlockingStub stub = mock(ShardGrpc.ShardBlockingStub.class);
        when(stub.identity(any())).thenReturn(NodeIdentity.newBuilder().setNodeId("shard-1")
                .setPublicKey(ByteString.copyFrom(nodeKey)).build());
        when(plane.shard("shard-1", "127.0.0.1:1")).thenReturn(stub);
        when(pins.pinNodeKey(org.mockito.ArgumentMatchers.eq("shard-1"), any())).thenAnswer(call -> call.getArgument(1));
    }

    @Test
    void aRegistrationNamingAnotherKeyIsRefusedNotUsed() {
        byte[] forged = X25519Keys.rawPublicKey(X25519Keys.generate().getPublic());
        when(locator.shard("shard-1")).thenReturn(Optional.of(new DiscoveredShard("shard-1", "127.0.0.1:1", 1,
                Base64.getEncoder().encodeToString(forged))));

        assertThatThrownBy(() -> directory.publicKey("shard-1")).isInstanceOf(IllegalStateException.class)
                .hasMessage("the registration of shard-1 names another public key than the node");
    }

    @Test
    void theKeyIsTheNodesOwnWithOrWithoutARegistrationThatAgrees() {
        when(locator.shard("shard-1")).thenReturn(Optional.empty());
        assertThat(X25519Keys.rawPublicKey(directory.publicKey("shard-1"))).isEqualTo(nodeKey);

        ShardDirectory registered = new ShardDirectory(new ClusterProperties(3, 2, 2, Duration.ofMillis(50), Duration.ofSeconds(1), List.of(),
                List.of()), locator, plane, pins);
        when(locator.shard("shard-1")).thenReturn(Optional.of(new DiscoveredShard("shard-1", "127.0.0.1:1", 1,
                Base64.getEncoder().encodeToString(nodeKey))));
        assertThat(X25519Keys.rawPublicKey(registered.publicKey("shard-1"))).isEqualTo(nodeKey);
    }

    @Test
    void aNodeThatPresentsAnotherKeyThanTheOneRecordedFirstIsRefusedAndNothingIsCached() {
        when(locator.shard("shard-1")).thenReturn(Optional.empty());
        byte[] recorded = X25519Keys.rawPublicKey(X25519Keys.generate().getPublic());
        when(pins.pinNodeKey("shard-1", nodeKey)).thenReturn(recorded);

        assertThatThrownBy(() -> directory.publicKey("shard-1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shard-1 presents another public key than the one recorded");
        // once the operator forgets the old key, the node's key is recorded and used
        when(pins.pinNodeKey("shard-1", nodeKey)).thenReturn(nodeKey.clone());
        assertThat(X25519Keys.rawPublicKey(directory.publicKey("shard-1"))).isEqualTo(nodeKey);
        org.mockito.Mockito.verify(pins, org.mockito.Mockito.times(2)).pinNodeKey("shard-1", nodeKey);
    }
}
