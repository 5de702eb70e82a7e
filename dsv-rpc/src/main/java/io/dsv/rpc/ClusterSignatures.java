package io.dsv.rpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Statements an instance signs with its internal-plane key, for records that travel outside the plane
 * (a membership change on Kafka): the signature comes with the signer's certificate, and a reader
 * believes the statement only if that certificate chains to the cluster CA, is valid now and names a
 * peer, whose role the reader then checks. No key beyond the ones mutual TLS already uses.
 */
public final class ClusterSignatures {

    private static final String ALGORITHM = "SHA256withECDSA";

    private final X509Certificate ca;
    private final X509Certificate own;
    private final PrivateKey key;

    private ClusterSignatures(X509Certificate ca, X509Certificate own, PrivateKey key) {
        this.ca = ca;
        this.own = own;
        this.key = key;
    }

    /** This instance's signer and checker, from its internal-plane files. */
    public static ClusterSignatures of(RpcTls tls) {
        try {
            return new ClusterSignatures(ClusterCa.readCertificate(tls.ca()), ClusterCa.readCertificate(tls.certificate()),
                    ClusterCa.readKey(tls.privateKey()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the internal-plane certificate or key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the internal-plane certificate or key is not usable", e);
        }
    }

    /** A signature over {@code statement}, with the certificate that checks it. */
    public Signed sign(byte[] statement) {
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update(statement);
            return new Signed(own.getEncoded(), signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    /**
     * Who signed {@code statement}, if {@code certificate} (DER) chains to the cluster CA, is valid now
     * and names a peer, and {@code signature} is its signature over exactly these bytes; else empty.
     */
    public Optional<Peer> signer(byte[] statement, byte[] certificate, byte[] signature) {
        if (statement == null || certificate == null || signature == null) {
            return Optional.empty();
        }
        try {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificate));
            cert.verify(ca.getPublicKey());
            cert.checkValidity();
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(statement);
            return verifier.verify(signature) ? Peer.of(cert) : Optional.empty();
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A signature and the signer's certificate (DER). */
    public record Signed(byte[] certificate, byte[] signature) {
    }
}
