package io.dsv.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsv.rpc.AllowedCallers;
import io.dsv.rpc.Channels;
import io.dsv.rpc.ClusterCa;
import io.dsv.rpc.Peer;
import io.dsv.rpc.Role;
import io.dsv.rpc.v1.MetadataGrpc;
import io.dsv.rpc.v1.RepairGrpc;
import io.dsv.rpc.v1.ShardGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Least privilege on the real cluster's internal plane: with each role's certificate in turn (a shard
 * node's above all), every method of every service that the role's allow-list does not name is refused
 * before it runs; a certificate from another CA, or for a peer the client did not mean, gets nothing.
 */
@ExtendWith(SharedCluster.class)
@Order(11)
class InternalPlaneAttackTest {

    static TestApi api;

    @TempDir
    static Path elsewhere;

    @BeforeAll
    static void useCluster() {
        api = new TestApi("attack");
    }

    @Test
    void everyRoleIsRefusedEveryMethodOutsideItsAllowList() {
        List<String> refused = new ArrayList<>();
        for (Role role : Role.values()) {
            try (Channels channels = new Channels(api.cluster.credentials(new Peer(role, "attacker")))) {
                Map<ServiceDescriptor, Target> services = Map.of(
                        MetadataGrpc.getServiceDescriptor(), new Target(new Peer(Role.METADATA, api.cluster.settings().metadataId(0)),
                                api.cluster.metadataAddress(0), AllowedCallers.METADATA),
                        ShardGrpc.getServiceDescriptor(), new Target(new Peer(Role.SHARD, api.cluster.settings().shardId(0)),
                                api.cluster.shardAddress(0), AllowedCallers.SHARD),
                        RepairGrpc.getServiceDescriptor(), new Target(new Peer(Role.REPAIR, api.cluster.repairId()),
                                api.cluster.repairAddress(), AllowedCallers.REPAIR_SERVICE));
                services.forEach((service, target) -> {
                    Channel channel = channels.to(target.peer(), target.address());
                    for (MethodDescriptor<?, ?> method : service.getMethods()) {
                        Set<Role> allowed = target.allowed().getOrDefault(method.getFullMethodName(), Set.of());
                        if (allowed.contains(role)) {
                            continue;                                // the other end-to-end tests use these
                        }
                        assertThat(statusOf(channel, method)).as("%s calling %s", role, method.getFullMethodName())
                                .isEqualTo(Status.Code.PERMISSION_DENIED);
                        refused.add(role + " " + method.getBareMethodName());
                    }
                });
            }
        }
        // a shard node above all: nothing that returns a share, a version list or a token
        assertThat(refused).contains("SHARD FetchShare", "SHARD Lookup", "SHARD Versions", "SHARD ReadableVersions",
                "SHARD ResolveToken", "SHARD CreateToken", "SHARD CreateRootToken", "SHARD ChangeMembership",
                "METADATA FetchShare", "GATEWAY ChangeMembership", "GATEWAY ReadableVersions", "REPAIR ResolveToken",
                "SHARD PinNodeKey", "SHARD ForgetNodeKey", "GATEWAY ForgetNodeKey", "REPAIR ForgetNodeKey");
    }

    @Test
    void aCertificateOfAnotherCaOrAServerThatIsNotTheOneDialledGetsNothing() {
        var forged = ClusterCa.loadOrCreate(elsewhere).credentials(new Peer(Role.GATEWAY, "gateway-1"));
        var trusting = new io.dsv.rpc.RpcTls(api.cluster.credentials(new Peer(Role.OPERATOR, "operator-1")).ca(),
                forged.certificate(), forged.privateKey());
        try (Channels channels = new Channels(trusting)) {
            Channel metadata = channels.to(new Peer(Role.METADATA, api.cluster.settings().metadataId(0)),
                    api.cluster.metadataAddress(0));
            assertThat(statusOf(metadata, MetadataGrpc.getResolveTokenMethod())).isNotIn(Status.Code.OK);
        }
        try (Channels channels = new Channels(api.cluster.credentials(new Peer(Role.GATEWAY, "gateway-1")))) {
            // the metadata instance's address, dialled as if it were a shard node: its certificate does not match
            Channel impostor = channels.to(new Peer(Role.SHARD, api.cluster.settings().shardId(0)), api.cluster.metadataAddress(0));
            assertThat(statusOf(impostor, ShardGrpc.getFetchShareMethod())).isEqualTo(Status.Code.UNAVAILABLE);
        }
    }

    /** What a call with the method's empty request comes back with. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Status.Code statusOf(Channel channel, MethodDescriptor<?, ?> method) {
        Object request = ((MethodDescriptor.PrototypeMarshaller) method.getRequestMarshaller()).getMessagePrototype();
        try {
            ClientCalls.blockingUnaryCall(channel, (MethodDescriptor) method,
                    CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request);
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    private record Target(Peer peer, String address, Map<String, Set<Role>> allowed) {
    }
}
