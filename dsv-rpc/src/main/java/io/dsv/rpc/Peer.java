package io.dsv.rpc;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One service instance on the internal plane: its role and id, named in its certificate as the DNS
 * name {@code <id>.<role>.dsv}. A client dials a peer with that name as the TLS authority, so the
 * ordinary host-name check proves the server is who it was meant to be; a server reads the caller's
 * name from the client certificate to decide what it may call.
 */
public record Peer(Role role, String id) {

    private static final String DOMAIN = "dsv";
    private static final Pattern NAME = Pattern.compile("([a-z0-9][a-z0-9-]{0,62})\\.([a-z]+)\\." + DOMAIN);
    private static final int DNS_NAME = 2;

    public Peer {
        if (role == null || id == null || !id.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("a peer needs a role and an id of 1-63 [a-z0-9-], got " + role + " " + id);
        }
    }

    /** The DNS name its certificate carries and clients use as the authority. */
    public String dnsName() {
        return id + "." + role.label() + "." + DOMAIN;
    }

    /** The peer a DNS name names, if it is one of ours. */
    public static Optional<Peer> ofDnsName(String name) {
        Matcher m = NAME.matcher(name == null ? "" : name.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Peer(Role.valueOf(m.group(2).toUpperCase(Locale.ROOT)), m.group(1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The peer a certificate names: exactly one of its DNS names must be one of ours. */
    public static Optional<Peer> of(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return Optional.empty();
            }
            List<Peer> peers = names.stream().filter(n -> n.size() == 2 && Integer.valueOf(DNS_NAME).equals(n.get(0)))
                    .map(n -> ofDnsName(String.valueOf(n.get(1)))).flatMap(Optional::stream).toList();
            return peers.size() == 1 ? Optional.of(peers.get(0)) : Optional.empty();
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return role.label() + " " + id;
    }
}
