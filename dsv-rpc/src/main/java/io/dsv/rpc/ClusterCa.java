package io.dsv.rpc;

import io.dsv.core.security.OwnerOnlyFile;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A cluster CA for the internal plane, kept in one directory: it issues each service instance a
 * certificate naming its role and id ({@link Peer#dnsName()}), for both ends of mutual TLS. dsv-local
 * makes one under {@code .dsv/tls/}; a deployment brings its own (the Helm chart takes them from a
 * Secret). Keys are EC P-256, written owner-only.
 */
public final class ClusterCa {

    private static final Duration CA_LIFETIME = Duration.ofDays(3650);
    private static final Duration LEAF_LIFETIME = Duration.ofDays(825);

    private final Path dir;
    private final X509Certificate certificate;
    private final PrivateKey key;

    private ClusterCa(Path dir, X509Certificate certificate, PrivateKey key) {
        this.dir = dir;
        this.certificate = certificate;
        this.key = key;
    }

    /** The CA in {@code dir} (ca.crt, ca.key), made on first use. */
    public static ClusterCa loadOrCreate(Path dir) {
        try {
            Files.createDirectories(dir);
            Path cert = dir.resolve("ca.crt");
            Path keyFile = dir.resolve("ca.key");
            if (Files.exists(cert) && Files.exists(keyFile)) {
                return new ClusterCa(dir, readCertificate(cert), readKey(keyFile));
            }
            KeyPair pair = newKeyPair();
            X500Name name = new X500Name("CN=DSV cluster CA");
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(CA_LIFETIME)), name, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate ca = sign(builder, pair.getPrivate());
            writeKey(keyFile, pair.getPrivate());
            write(cert, ca);
            return new ClusterCa(dir, ca, pair.getPrivate());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the cluster CA in " + dir, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make the cluster CA", e);
        }
    }

    public Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    /** The peer's credentials (its certificate and key next to the CA's), issued on first use. */
    public RpcTls credentials(Peer peer) {
        Path cert = dir.resolve(peer.dnsName() + ".crt");
        Path keyFile = dir.resolve(peer.dnsName() + ".key");
        try {
            if (!Files.exists(cert) || !Files.exists(keyFile)) {
                KeyPair pair = newKeyPair();
                Instant now = Instant.now();
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                        new X500Name(certificate.getSubjectX500Principal().getName()), serial(),
                        Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(LEAF_LIFETIME)),
                        new X500Name("CN=" + peer.dnsName() + ",OU=" + peer.role().label()), pair.getPublic())
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                        .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                                new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                        .addExtension(Extension.subjectAlternativeName, false,
                                new GeneralNames(new GeneralName(GeneralName.dNSName, peer.dnsName())));
                writeKey(keyFile, pair.getPrivate());
                write(cert, sign(builder, key));
            }
            return new RpcTls(caCertificate(), cert, keyFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the credentials of " + peer, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue a certificate for " + peer, e);
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(127, new SecureRandom());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws GeneralSecurityException, OperatorCreationException {
        return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    }

    private static void write(Path file, Object pem) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(pem);
        }
        Files.writeString(file, text.toString());
    }

    /** PKCS#8, as TLS libraries read it; readable by the owner only. */
    private static void writeKey(Path file, PrivateKey privateKey) throws IOException {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(privateKey.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        OwnerOnlyFile.write(file, pem);
    }

    static X509Certificate readCertificate(Path file) throws IOException, GeneralSecurityException {
        try (var in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    static PrivateKey readKey(Path file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    }
}
