package io.dsv.cli;

import io.dsv.core.security.OwnerOnlyFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Where the CLI finds DSV and its token: {@code DSV_ADDR}, {@code DSV_TOKEN}, {@code DSV_NAMESPACE} and
 * {@code DSV_CA_FILE} override what {@code dsv login} stored in {@code ~/.config/dsv/} (token mode 600).
 */
final class CliConfig {

    static final String DEFAULT_ADDRESS = "http://127.0.0.1:8080";

    private final Map<String, String> env;
    private final Path dir;

    CliConfig(Map<String, String> env) {
        this.env = env;
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        String xdg = env.get("XDG_CONFIG_HOME");
        this.dir = (xdg == null || xdg.isBlank() ? Path.of(home, ".config") : Path.of(xdg)).resolve("dsv");
    }

    Path dir() {
        return dir;
    }

    String address(String option) {
        if (option != null) {
            return option;
        }
        String fromEnv = env.get("DSV_ADDR");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        String stored = read("address");
        return stored == null ? DEFAULT_ADDRESS : stored;
    }

    String namespace(String option) {
        return option != null ? option : env.get("DSV_NAMESPACE");
    }

    String caFile(String option) {
        return option != null ? option : env.get("DSV_CA_FILE");
    }

    /** The token: DSV_TOKEN, else the stored one; null when there is none. */
    char[] token() {
        String fromEnv = env.get("DSV_TOKEN");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip().toCharArray();
        }
        String stored = read("token");
        return stored == null ? null : stored.toCharArray();
    }

    void store(char[] token, String address) throws IOException {
        if (!Files.exists(dir)) {
            try {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException e) {
                Files.createDirectories(dir);
            }
        }
        OwnerOnlyFile.write(dir.resolve("token"), new String(token));
        if (address != null) {
            OwnerOnlyFile.write(dir.resolve("address"), address);
        }
    }

    private String read(String file) {
        Path path = dir.resolve(file);
        try {
            return Files.exists(path) ? Files.readString(path, StandardCharsets.UTF_8).strip() : null;
        } catch (IOException e) {
            throw new CliException(CliException.USAGE, "cannot read " + path + ": " + e.getMessage());
        }
    }
}
