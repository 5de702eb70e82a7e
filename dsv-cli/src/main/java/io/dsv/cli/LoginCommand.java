package io.dsv.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Stores a token (read from standard input or a prompt, never from the command line) in ~/.config/dsv/token, mode 600. */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = "Stores your API token for the next commands: from standard input, or a prompt on a terminal.")
final class LoginCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--addr", description = "DSV's address, stored beside the token.")
    String address;

    @Override
    public Integer call() throws IOException {
        char[] token = read();
        try {
            if (token.length == 0) {
                throw new CliException(CliException.USAGE, "no token given");
            }
            DsvMain.config().store(token, address);
        } finally {
            Arrays.fill(token, '\0');
        }
        spec.commandLine().getErr().println("dsv: token stored in " + DsvMain.config().dir().resolve("token"));
        return 0;
    }

    private static char[] read() throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("DSV token: ");
            return typed == null ? new char[0] : strip(typed);
        }
        byte[] piped = System.in.readAllBytes();
        char[] chars = StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(piped)).array();
        Arrays.fill(piped, (byte) 0);
        return strip(chars);
    }

    private static char[] strip(char[] chars) {
        int start = 0;
        int end = chars.length;
        while (start < end && (Character.isWhitespace(chars[start]) || chars[start] == '\0')) {
            start++;
        }
        while (end > start && (Character.isWhitespace(chars[end - 1]) || chars[end - 1] == '\0')) {
            end--;
        }
        char[] out = Arrays.copyOfRange(chars, start, end);
        Arrays.fill(chars, '\0');
        return out;
    }
}
