package io.dsv.local;

import io.dsv.core.security.OwnerOnlyFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local cluster's own certificate authority, made with the JDK's keytool: a CA, and a server
 * certificate for 127.0.0.1/localhost signed by it, in a PKCS#12 keystore the gateway serves TLS
 * from (a Spring Boot SSL bundle). Created once under {@code <data>/tls}; {@code ca.crt} is what
 * clients trust.
 */
public final class LocalCa {

    private final Path dir;
    private final String password;

    private LocalCa(Path dir, String password) {
        this.dir = dir;
        this.password = password;
    }

    public static LocalCa loadOrCreate(Path dataDir) {
        Path dir = dataDir.resolve("tls");
        Path passwordFile = dir.resolve("keystore.password");
        try {
            if (Files.exists(dir.resolve("gateway.p12")) && Files.exists(passwordFile)) {
                return new LocalCa(dir, Files.readString(passwordFile).trim());
            }
            Files.createDirectories(dir);
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            OwnerOnlyFile.write(passwordFile, password);
            LocalCa ca = new LocalCa(dir, password);
            ca.create();
            return ca;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the local CA in " + dir, e);
        }
    }

    public Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    /** Arguments that make a gateway serve HTTPS from this CA's server certificate. */
    public List<String> gatewayArgs() {
        return List.of("--server.ssl.bundle=dsv",
                "--spring.ssl.bundle.jks.dsv.keystore.location=file:" + dir.resolve("gateway.p12"),
                "--spring.ssl.bundle.jks.dsv.keystore.password=" + password,
                "--spring.ssl.bundle.jks.dsv.keystore.type=PKCS12",
                "--spring.ssl.bundle.jks.dsv.key.alias=gateway");
    }

    private void create() {
        String ca = dir.resolve("ca.p12").toString();
        String gateway = dir.resolve("gateway.p12").toString();
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=DSV local CA",
                "-ext", "bc:c", "-validity", "3650", "-keystore", ca, "-storetype", "PKCS12", "-storepass", password);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca, "-storepass", password,
                "-file", caCertificate().toString());
        keytool("-genkeypair", "-alias", "gateway", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "825", "-keystore", gateway, "-storetype", "PKCS12", "-storepass", password);
        String request = dir.resolve("gateway.csr").toString();
        String signed = dir.resolve("gateway.crt").toString();
        keytool("-certreq", "-alias", "gateway", "-keystore", gateway, "-storepass", password, "-file", request);
        keytool("-gencert", "-alias", "ca", "-keystore", ca, "-storepass", password, "-infile", request, "-outfile", signed,
                "-rfc", "-validity", "825", "-ext", "san=ip:127.0.0.1,dns:localhost", "-ext", "eku=serverAuth",
                "-ext", "ku:c=digitalSignature");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caCertificate().toString(), "-keystore", gateway,
                "-storepass", password);
        keytool("-importcert", "-alias", "gateway", "-file", signed, "-keystore", gateway, "-storepass", password);
    }

    private static void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output.replaceAll("storepass \\S+", ""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
