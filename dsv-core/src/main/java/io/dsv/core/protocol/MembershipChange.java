package io.dsv.core.protocol;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * On {@code dsv.membership} (one partition, kept compacted): the shard nodes the ring is made of from
 * {@code epoch} on. Every gateway and repair-service follows the newest epoch; repair-service then
 * moves the shares whose preference list changed. Repair signs each one with its internal-plane key
 * ({@code signer} is its certificate, DER; {@code signature} covers {@link #statement()}), and a reader
 * adopts only a change signed by repair that passes {@link #problem}: whoever can write to the topic
 * cannot steer new shares to nodes of their choosing.
 */
public record MembershipChange(String txId, long epoch, List<Member> members, byte[] signer, byte[] signature)
        implements Message {

    /** An unsigned change: the rings a service builds itself, from configuration or discovery. */
    public MembershipChange(String txId, long epoch, List<Member> members) {
        this(txId, epoch, members, null, null);
    }

    /** A shard node: its id, where its internal plane listens (host:port), its weight on the ring. */
    public record Member(String nodeId, String address, int weight) {
    }

    /** The bytes the signature covers: the change without its signature. */
    public byte[] statement() {
        return MessageCodec.encode(new MembershipChange(txId, epoch, members, null, null));
    }

    public MembershipChange signed(byte[] signerCertificate, byte[] signatureBytes) {
        return new MembershipChange(txId, epoch, members, signerCertificate, signatureBytes);
    }

    /**
     * Why no one could adopt this membership for {@code n} shares per secret, or empty: fewer than n
     * nodes, a node without an id or address, an id twice, a weight that is not positive.
     */
    public Optional<String> problem(int n) {
        if (members == null || members.size() < n) {
            return Optional.of("a membership of " + (members == null ? 0 : members.size()) + " nodes cannot hold n=" + n
                    + " shares per secret");
        }
        Set<String> ids = new HashSet<>();
        for (Member m : members) {
            if (m.nodeId() == null || m.nodeId().isBlank() || m.address() == null || m.address().isBlank()) {
                return Optional.of("every member needs a node id and an address");
            }
            if (!ids.add(m.nodeId())) {
                return Optional.of("node " + m.nodeId() + " is listed twice");
            }
            if (m.weight() <= 0) {
                return Optional.of("node " + m.nodeId() + " has weight " + m.weight() + "; weights are positive");
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "MembershipChange[epoch=" + epoch + ", " + (members == null ? 0 : members.size()) + " members"
                + (signature == null ? ", unsigned" : "") + "]";
    }
}
