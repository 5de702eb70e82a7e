package io.dsv.cli;

import io.dsv.core.dotenv.Dotenv;
import io.dsv.core.dotenv.DotenvEntry;
import io.dsv.core.dotenv.Marker;
import io.dsv.sdk.DsvClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code dsv env encrypt FILE} and {@code dsv env expand FILE}. */
@Command(name = "env", mixinStandardHelpOptions = true, description = ".env files with enc() and secret().",
        subcommands = {EnvCommands.Encrypt.class, EnvCommands.Expand.class})
final class EnvCommands {

    @Command(name = "encrypt", mixinStandardHelpOptions = true,
            description = "Stores every NAME=enc(value) of FILE as secret NAME (all or nothing) and rewrites FILE in place,"
                    + " atomically, with NAME=secret(NAME); every other byte of the file stays as it was.")
    static final class Encrypt implements Callable<Integer> {
        @Mixin Target target;
        @Parameters(paramLabel = "FILE") Path file;

        @Override
        public Integer call() throws IOException {
            EnvFile env = EnvFile.read(file);
            List<DotenvEntry.Assignment> toStore = env.assignments(Marker.Kind.ENC);
            if (toStore.isEmpty()) {
                System.err.println("dsv: " + file + " has no enc() value; nothing to do");
                return 0;
            }
            System.err.println("dsv: storing " + toStore.size() + " value(s) from " + file + " ...");
            // only the enc() lines go to DSV: nothing else of the file leaves this machine
            StringBuilder batch = new StringBuilder();
            for (DotenvEntry.Assignment a : toStore) {
                batch.append(a.source());
                if (!a.source().endsWith("\n")) {
                    batch.append('\n');
                }
            }
            char[] sent = new char[batch.length()];
            batch.getChars(0, batch.length(), sent, 0);
            batch.setLength(0);
            char[] answer = target.client().env(target.namespace(), sent);
            Arrays.fill(sent, '\0');
            Arrays.fill(answer, '\0');
            String rewritten = Dotenv.write(env.entries, a -> a.marker().kind() == Marker.Kind.ENC
                    ? "secret(" + a.name() + ")" : a.valueText());
            replace(file, rewritten);
            System.err.println("dsv: stored " + toStore.size() + " value(s); " + file + " now refers to them");
            return 0;
        }

        /** Write beside, then rename over: a reader sees the old file or the new one, never half of either. */
        private static void replace(Path file, String text) throws IOException {
            Path dir = file.toAbsolutePath().getParent();
            Path temp = dir.resolve("." + file.getFileName() + ".dsv-" + ProcessHandle.current().pid());
            try {
                Files.deleteIfExists(temp);
                try {
                    Files.createFile(temp, PosixFilePermissions.asFileAttribute(Files.getPosixFilePermissions(file)));
                } catch (UnsupportedOperationException e) {
                    Files.createFile(temp);
                }
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }

    @Command(name = "expand", mixinStandardHelpOptions = true,
            description = "Prints FILE with every secret() reference replaced by its value (nothing is written anywhere).")
    static final class Expand implements Callable<Integer> {
        @Mixin Target target;
        @Parameters(paramLabel = "FILE") Path file;

        @Override
        public Integer call() {
            EnvFile env = EnvFile.read(file);
            DsvClient dsv = target.client();
            String namespace = target.namespace();
            Map<DotenvEntry.Assignment, String> values = new HashMap<>();
            for (DotenvEntry.Assignment a : env.assignments(Marker.Kind.SECRET)) {
                values.put(a, EnvFile.read(dsv, namespace, a.marker()));
            }
            System.out.print(Dotenv.write(env.entries, a -> a.marker().kind() == Marker.Kind.SECRET
                    ? Dotenv.quote(values.get(a)) : a.valueText()));
            System.out.flush();
            return 0;
        }
    }
}
