package io.dsv.cli;

import io.dsv.core.dotenv.Dotenv;
import io.dsv.core.dotenv.DotenvEntry;
import io.dsv.core.dotenv.DotenvSyntaxException;
import io.dsv.core.dotenv.Marker;
import io.dsv.sdk.DsvClient;
import io.dsv.sdk.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A .env file as the CLI reads it: parsed locally (a syntax error names line and column), markers resolved on demand. */
final class EnvFile {

    final Path path;
    final List<DotenvEntry> entries;

    private EnvFile(Path path, List<DotenvEntry> entries) {
        this.path = path;
        this.entries = entries;
    }

    static EnvFile read(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(CliException.USAGE, "cannot read " + path + ": " + e.getMessage());
        }
        try {
            return new EnvFile(path, Dotenv.parse(text));
        } catch (DotenvSyntaxException e) {
            throw new CliException(CliException.INVALID, path + " line " + e.line() + ", column " + e.column() + ": "
                    + e.getMessage());
        }
    }

    List<DotenvEntry.Assignment> assignments(Marker.Kind kind) {
        List<DotenvEntry.Assignment> found = new ArrayList<>();
        for (DotenvEntry entry : entries) {
            if (entry instanceof DotenvEntry.Assignment a && a.marker() != null && a.marker().kind() == kind) {
                found.add(a);
            }
        }
        return found;
    }

    /**
     * Every variable the file sets: plain values as written (quotes removed), {@code secret()} references
     * read from DSV now. Refuses a file that still holds {@code enc()} values.
     */
    Map<String, String> resolve(DsvClient dsv, String namespace) {
        if (!assignments(Marker.Kind.ENC).isEmpty()) {
            throw new CliException(CliException.USAGE, path + " still holds enc() values: run dsv env encrypt " + path
                    + " first");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (DotenvEntry entry : entries) {
            if (entry instanceof DotenvEntry.Assignment a) {
                values.put(a.name(), a.marker() == null ? Dotenv.valueOf(a) : read(dsv, namespace, a.marker()));
            }
        }
        return values;
    }

    static String read(DsvClient dsv, String namespace, Marker reference) {
        Secret secret = reference.version() > 0 ? dsv.get(namespace, reference.argument(), reference.version())
                : dsv.get(namespace, reference.argument());
        try {
            return new String(secret.value(), StandardCharsets.UTF_8);
        } finally {
            secret.wipe();
        }
    }
}
