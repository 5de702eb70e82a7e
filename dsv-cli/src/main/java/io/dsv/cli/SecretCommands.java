package io.dsv.cli;

import io.dsv.sdk.NamePage;
import io.dsv.sdk.Secret;
import io.dsv.sdk.SecretName;
import io.dsv.sdk.SecretVersion;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;

/** put, update, get, rm, history, ls: one secret or a namespace's names. */
final class SecretCommands {

    private SecretCommands() {
    }

    /** The value to store: --file as it is, else standard input without one trailing newline. */
    static char[] value(Path file) throws IOException {
        byte[] bytes = file != null ? Files.readAllBytes(file) : System.in.readAllBytes();
        int end = bytes.length;
        if (file == null && end > 0 && bytes[end - 1] == '\n') {
            end--;
            if (end > 0 && bytes[end - 1] == '\r') {
                end--;
            }
        }
        char[] chars = decode(bytes, end);
        Arrays.fill(bytes, (byte) 0);
        if (chars.length == 0) {
            throw new CliException(CliException.USAGE, "no value: give it on standard input or with --file");
        }
        return chars;
    }

    private static char[] decode(byte[] bytes, int length) {
        java.nio.CharBuffer decoded = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes, 0, length));
        char[] out = new char[decoded.remaining()];
        decoded.get(out);
        Arrays.fill(decoded.array(), '\0');
        return out;
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** {@code -o json}: one JSON document on standard output (nulls kept, key order as given). */
    static void printJson(Object document) {
        System.out.println(JSON.writeValueAsString(document));
    }

    static Map<String, Object> fields(Object... namesAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            fields.put((String) namesAndValues[i], value instanceof Instant instant ? instant.toString() : value);
        }
        return fields;
    }

    /** put and update alike: the value in, the write done, the version out, the value wiped. */
    static int write(Target target, String name, Path file, Writer writer) throws IOException {
        char[] value = value(file);
        try {
            long version = writer.write(target.client(), target.namespace(), value);
            if (target.json()) {
                printJson(fields("name", name, "version", version));
            } else {
                System.out.println(name + " version " + version);
            }
            return 0;
        } finally {
            Arrays.fill(value, '\0');
        }
    }

    @FunctionalInterface
    interface Writer {
        long write(io.dsv.sdk.DsvClient dsv, String namespace, char[] value);
    }

    @Command(name = "put", mixinStandardHelpOptions = true,
            description = "Creates secret NAME; the value comes from standard input (one trailing newline dropped) or --file.")
    static final class Put implements Callable<Integer> {
        @Mixin Target target;
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--file", description = "Read the value from this file, as it is.") Path file;

        @Override
        public Integer call() throws IOException {
            return write(target, name, file, (dsv, namespace, value) -> dsv.create(namespace, name, value));
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Writes a new version of secret NAME; the value comes from standard input or --file.")
    static final class Update implements Callable<Integer> {
        @Mixin Target target;
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--file", description = "Read the value from this file, as it is.") Path file;
        @Option(names = "--if-match", paramLabel = "VERSION", description = "Only if the latest version is this one.") Long ifMatch;

        @Override
        public Integer call() throws IOException {
            return write(target, name, file, (dsv, namespace, value) -> dsv.update(namespace, name, value, ifMatch));
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Prints secret NAME's value (the latest, --version N, or the one current --at an instant).")
    static final class Get implements Callable<Integer> {
        @Mixin Target target;
        @Parameters(paramLabel = "NAME") String name;
        @ArgGroup(exclusive = true) Which which;

        static final class Which {
            @Option(names = "--version", paramLabel = "N") Long version;
            @Option(names = "--at", paramLabel = "INSTANT", description = "ISO-8601, e.g. 2026-12-01T10:00:00Z") String at;
        }

        @Override
        public Integer call() throws IOException {
            var dsv = target.client();
            Secret secret;
            if (which != null && which.version != null) {
                secret = dsv.get(target.namespace(), name, which.version);
            } else if (which != null && which.at != null) {
                secret = dsv.getAt(target.namespace(), name, instant(which.at));
            } else {
                secret = dsv.get(target.namespace(), name);
            }
            try {
                if (target.json()) {
                    printJson(fields("name", name, "version", secret.version(), "value",
                            new String(secret.value(), StandardCharsets.UTF_8)));
                } else {
                    System.out.write(secret.value());
                    if (System.console() != null) {
                        System.out.println();
                    }
                    System.out.flush();
                }
            } finally {
                secret.wipe();
            }
            return 0;
        }
    }

    static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new CliException(CliException.USAGE, "--at must be an ISO-8601 instant such as 2026-12-01T10:00:00Z");
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Deletes secret NAME: every version, its shares destroyed.")
    static final class Remove implements Callable<Integer> {
        @Mixin Target target;
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--if-match", paramLabel = "VERSION", description = "Only if the latest version is this one.") Long ifMatch;

        @Override
        public Integer call() {
            long tombstone = target.client().delete(target.namespace(), name, ifMatch);
            if (target.json()) {
                printJson(fields("name", name, "deleted", true, "version", tombstone));
            } else {
                System.out.println(name + " deleted (version " + tombstone + ")");
            }
            return 0;
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "Lists secret NAME's versions, oldest first. No values.")
    static final class History implements Callable<Integer> {
        @Mixin Target target;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            java.util.List<SecretVersion> history = target.client().history(target.namespace(), name);
            if (target.json()) {
                printJson(history.stream().map(v -> fields("version", v.version(), "state", v.state(), "validFrom",
                        v.validFrom(), "validTo", v.validTo(), "writer", v.writer())).toList());
            } else {
                for (SecretVersion v : history) {
                    System.out.printf("%-6d %-8s %-24s %-24s %s%n", v.version(), v.state(), v.validFrom(),
                            v.validTo() == null ? "-" : v.validTo(), v.writer() == null ? "" : v.writer());
                }
            }
            return 0;
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true,
            description = "Lists the namespace's secrets: name, latest version, state, since when. No values.")
    static final class List implements Callable<Integer> {
        @Mixin Target target;
        @Option(names = "--prefix", description = "Only names starting with this.") String prefix;
        @Option(names = "--deleted", description = "Deleted names too.") boolean deleted;

        @Override
        public Integer call() {
            var dsv = target.client();
            String namespace = target.namespace();
            java.util.List<SecretName> names = new java.util.ArrayList<>();
            String cursor = null;
            do {
                NamePage page = dsv.list(namespace, prefix, 1_000, cursor, deleted);
                names.addAll(page.secrets());
                cursor = page.nextCursor();
            } while (cursor != null);
            if (target.json()) {
                printJson(names.stream().map(n -> fields("name", n.name(), "version", n.version(), "state", n.state(),
                        "validFrom", n.validFrom())).toList());
            } else {
                for (SecretName n : names) {
                    System.out.printf("%-40s %-6d %-8s %s%n", n.name(), n.version(), n.state(), n.validFrom());
                }
            }
            return 0;
        }
    }
}
