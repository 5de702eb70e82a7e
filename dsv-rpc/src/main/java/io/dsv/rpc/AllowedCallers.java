package io.dsv.rpc;

import static io.dsv.rpc.Role.GATEWAY;
import static io.dsv.rpc.Role.OPERATOR;
import static io.dsv.rpc.Role.REPAIR;

import io.dsv.rpc.v1.MetadataGrpc;
import io.dsv.rpc.v1.RepairGrpc;
import io.dsv.rpc.v1.ShardGrpc;
import io.grpc.MethodDescriptor;
import java.util.Map;
import java.util.Set;

/**
 * Who may call what on the internal plane (design §6), in one place. Only gateways and repair fetch
 * shares; only gateways resolve, create and revoke API tokens; only repair lists versions, moves
 * holders and reads inventories; only an operator changes membership or creates the root token. A shard
 * node and metadata call nothing: no method lists either role, so one stolen node's certificate opens
 * nothing that returns a share, a version list or a token.
 */
public final class AllowedCallers {

    public static final Map<String, Set<Role>> METADATA = Map.ofEntries(
            allow(MetadataGrpc.getPartitionsMethod(), GATEWAY, REPAIR),
            allow(MetadataGrpc.getLookupMethod(), GATEWAY, REPAIR),
            allow(MetadataGrpc.getVersionsMethod(), GATEWAY, REPAIR),
            allow(MetadataGrpc.getMoveHoldersMethod(), REPAIR),
            allow(MetadataGrpc.getReadableVersionsMethod(), REPAIR),
            allow(MetadataGrpc.getExpectedDigestsMethod(), REPAIR),
            allow(MetadataGrpc.getExpectedEntriesMethod(), REPAIR),
            allow(MetadataGrpc.getResolveTokenMethod(), GATEWAY),
            allow(MetadataGrpc.getCreateTokenMethod(), GATEWAY),
            allow(MetadataGrpc.getCreateRootTokenMethod(), OPERATOR),
            allow(MetadataGrpc.getRevokeTokenMethod(), GATEWAY),
            allow(MetadataGrpc.getAuditMethod(), GATEWAY),
            allow(MetadataGrpc.getListNamesMethod(), GATEWAY),
            allow(MetadataGrpc.getPinNodeKeyMethod(), GATEWAY, REPAIR),
            allow(MetadataGrpc.getForgetNodeKeyMethod(), OPERATOR));

    public static final Map<String, Set<Role>> SHARD = Map.ofEntries(
            allow(ShardGrpc.getFetchShareMethod(), GATEWAY, REPAIR),
            allow(ShardGrpc.getStatusMethod(), REPAIR),
            allow(ShardGrpc.getIdentityMethod(), GATEWAY, REPAIR, OPERATOR),
            allow(ShardGrpc.getInventoryDigestsMethod(), REPAIR),
            allow(ShardGrpc.getInventoryEntriesMethod(), REPAIR));

    public static final Map<String, Set<Role>> REPAIR_SERVICE = Map.ofEntries(
            allow(RepairGrpc.getCurrentMembershipMethod(), OPERATOR),
            allow(RepairGrpc.getChangeMembershipMethod(), OPERATOR),
            allow(RepairGrpc.getAntiEntropyMethod(), OPERATOR));

    private AllowedCallers() {
    }

    private static Map.Entry<String, Set<Role>> allow(MethodDescriptor<?, ?> method, Role... roles) {
        return Map.entry(method.getFullMethodName(), Set.of(roles));
    }
}
