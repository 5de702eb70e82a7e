package io.dsv.client.rpc;

import io.dsv.core.protocol.AuditEvent;
import io.dsv.core.protocol.Holder;
import io.dsv.core.protocol.ShareInventory;
import io.dsv.core.protocol.TokenRecord;
import io.dsv.core.protocol.VersionView;
import io.dsv.rpc.v1.Capabilities;
import io.dsv.rpc.v1.Digests;
import io.dsv.rpc.v1.Entries;
import io.dsv.rpc.v1.Key;
import io.dsv.rpc.v1.Version;
import com.google.protobuf.ByteString;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The internal plane's messages to and from DSV's own records, in one place for both ends. */
public final class Protos {

    private Protos() {
    }

    public static Key key(String namespace, String name) {
        return Key.newBuilder().setNamespace(namespace).setName(name).build();
    }

    public static Version version(VersionView v) {
        Version.Builder b = Version.newBuilder().setNamespace(v.namespace()).setName(v.name()).setVersion(v.version())
                .setTxId(v.txId() == null ? "" : v.txId()).setOperation(v.operation() == null ? "" : v.operation())
                .setState(v.state()).setWriter(v.writer() == null ? "" : v.writer())
                .setValidFromMillis(v.validFrom() == null ? 0 : v.validFrom().toEpochMilli())
                .setValidToMillis(v.validTo() == null ? 0 : v.validTo().toEpochMilli());
        b.addAllHolders(holders(v.holders(), v.commitments()));
        return b.build();
    }

    public static VersionView version(Version v) {
        return new VersionView(v.getNamespace(), v.getName(), v.getVersion(), v.getTxId(), v.getOperation(), v.getState(),
                v.getValidFromMillis() == 0 ? null : Instant.ofEpochMilli(v.getValidFromMillis()),
                v.getValidToMillis() == 0 ? null : Instant.ofEpochMilli(v.getValidToMillis()),
                holders(v.getHoldersList()), commitments(v.getHoldersList()), v.getWriter().isEmpty() ? null : v.getWriter());
    }

    /** The commitments the holders carry, by share index; a holder without one is left out. */
    public static Map<Integer, byte[]> commitments(List<io.dsv.rpc.v1.Holder> holders) {
        Map<Integer, byte[]> out = new HashMap<>();
        holders.stream().filter(h -> !h.getCommitment().isEmpty())
                .forEach(h -> out.put(h.getShareIndex(), h.getCommitment().toByteArray()));
        return out;
    }

    public static List<Holder> holders(List<io.dsv.rpc.v1.Holder> holders) {
        return holders.stream().map(h -> new Holder(h.getNodeId(), h.getShareIndex())).toList();
    }

    /** Each holder with its share's commitment, where {@code commitments} has one. */
    public static List<io.dsv.rpc.v1.Holder> holders(Iterable<Holder> holders, Map<Integer, byte[]> commitments) {
        List<io.dsv.rpc.v1.Holder> out = new java.util.ArrayList<>();
        for (Holder h : holders) {
            io.dsv.rpc.v1.Holder.Builder b = io.dsv.rpc.v1.Holder.newBuilder().setNodeId(h.nodeId()).setShareIndex(h.shareIndex());
            byte[] commitment = commitments.get(h.shareIndex());
            if (commitment != null) {
                b.setCommitment(ByteString.copyFrom(commitment));
            }
            out.add(b.build());
        }
        return out;
    }

    public static Digests digests(ShareInventory.Digests d) {
        return Digests.newBuilder().setBuckets(d.buckets()).addAllDigests(d.digests()).addAllCounts(d.counts()).build();
    }

    public static ShareInventory.Digests digests(Digests d) {
        return new ShareInventory.Digests(d.getBuckets(), List.copyOf(d.getDigestsList()), List.copyOf(d.getCountsList()));
    }

    public static Entries entries(ShareInventory.Entries e) {
        return Entries.newBuilder().setBucket(e.bucket()).addAllEntries(e.entries()).build();
    }

    public static ShareInventory.Entries entries(Entries e) {
        return new ShareInventory.Entries(e.getBucket(), List.copyOf(e.getEntriesList()));
    }

    public static io.dsv.rpc.v1.TokenRecord token(TokenRecord t) {
        io.dsv.rpc.v1.TokenRecord.Builder b = io.dsv.rpc.v1.TokenRecord.newBuilder().setFound(true).setId(t.id())
                .setName(t.name()).setSalt(t.salt()).setHash(t.hash()).setRevoked(t.revoked())
                .setExpiresAtMillis(t.expiresAt() == null ? 0 : t.expiresAt().toEpochMilli())
                .setParent(t.parent() == null ? "" : t.parent());
        t.policies().forEach((namespace, names) -> b.putPolicies(namespace, Capabilities.newBuilder().addAllNames(names).build()));
        return b.build();
    }

    /** The token's record, or null when metadata has none. */
    public static TokenRecord token(io.dsv.rpc.v1.TokenRecord t) {
        if (!t.getFound()) {
            return null;
        }
        return new TokenRecord(t.getId(), t.getName(), t.getSalt(), t.getHash(), policies(t.getPoliciesMap()), t.getRevoked(),
                t.getExpiresAtMillis() == 0 ? null : Instant.ofEpochMilli(t.getExpiresAtMillis()),
                t.getParent().isEmpty() ? null : t.getParent());
    }

    public static Map<String, Set<String>> policies(Map<String, Capabilities> policies) {
        Map<String, Set<String>> out = new HashMap<>();
        policies.forEach((namespace, names) -> out.put(namespace, new LinkedHashSet<>(names.getNamesList())));
        return out;
    }

    public static Map<String, Capabilities> capabilities(Map<String, Set<String>> policies) {
        Map<String, Capabilities> out = new HashMap<>();
        policies.forEach((namespace, names) -> out.put(namespace, Capabilities.newBuilder().addAllNames(names).build()));
        return out;
    }

    public static io.dsv.rpc.v1.AuditEvent audit(AuditEvent e) {
        return io.dsv.rpc.v1.AuditEvent.newBuilder().setRequestId(nz(e.txId())).setPhase(nz(e.phase()))
                .setTimeMillis(e.timeMillis()).setActor(nz(e.actor())).setNamespace(nz(e.namespace())).setName(nz(e.name()))
                .setOperation(nz(e.operation())).setVersion(e.version()).setStatus(e.status())
                .setClientAddress(nz(e.clientAddress())).build();
    }

    public static AuditEvent audit(io.dsv.rpc.v1.AuditEvent e) {
        return new AuditEvent(e.getRequestId(), e.getPhase(), e.getTimeMillis(), e.getActor(), blankToNull(e.getNamespace()),
                blankToNull(e.getName()), e.getOperation(), e.getVersion(), e.getStatus(), blankToNull(e.getClientAddress()));
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
