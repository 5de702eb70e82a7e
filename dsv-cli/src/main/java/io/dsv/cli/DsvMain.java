package io.dsv.cli;

import io.dsv.sdk.DsvException;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code dsv}: DSV from a shell. Exit codes: 0 done, 1 failed, 2 usage, 3 not found, 4 conflict (exists,
 * another write first, If-Match), 5 not logged in / denied, 6 DSV unavailable, 7 invalid request; a
 * command run by {@code dsv run} exits with its own code.
 */
@Command(name = "dsv", mixinStandardHelpOptions = true, version = "dsv 0.1.0",
        description = "The Distributed Secrets Vault from a shell.",
        subcommands = {LoginCommand.class, SecretCommands.Put.class, SecretCommands.Update.class, SecretCommands.Get.class,
                SecretCommands.Remove.class, SecretCommands.History.class, SecretCommands.List.class, EnvCommands.class,
                RunCommand.class, AutoComplete.GenerateCompletion.class})
public final class DsvMain {

    private static volatile CliConfig config = new CliConfig(System.getenv());

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CliConfig config() {
        return config;
    }

    /** For tests: the environment the CLI reads (HOME, DSV_*). */
    static void environment(Map<String, String> env) {
        config = new CliConfig(env);
    }

    static CommandLine commandLine() {
        return new CommandLine(new DsvMain()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            int code;
            String message;
            if (e instanceof CliException c) {
                code = c.exitCode();
                message = c.getMessage();
            } else if (e instanceof DsvException d) {
                code = exitCode(d);
                message = d.getMessage() + (d.field() == null ? "" : " [field " + d.field() + "]")
                        + (d.line() == null ? "" : " [line " + d.line() + (d.column() == null ? "" : ", column " + d.column()) + "]");
            } else {
                code = CliException.FAILED;
                message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            cmd.getErr().println("dsv: " + message);
            return code;
        });
    }

    static int exitCode(DsvException e) {
        if (e instanceof DsvException.NotFound) {
            return CliException.NOT_FOUND;
        }
        if (e instanceof DsvException.Conflict) {
            return CliException.CONFLICT;
        }
        if (e instanceof DsvException.Unauthorized || e instanceof DsvException.Forbidden) {
            return CliException.DENIED;
        }
        if (e instanceof DsvException.Unavailable) {
            return CliException.UNAVAILABLE;
        }
        if (e instanceof DsvException.InvalidRequest) {
            return CliException.INVALID;
        }
        return CliException.FAILED;
    }
}
