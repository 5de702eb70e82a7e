package io.dsv.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dsv run --env FILE -- cmd args...}: the command runs with FILE's variables in its environment, its
 * {@code secret()} references read from DSV now; no value is written to disk. Standard streams are the
 * command's, a SIGTERM or SIGINT to dsv is passed on to it, and dsv exits with its exit code.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs a command with a .env file's variables, secret() references resolved, in its environment only.")
final class RunCommand implements Callable<Integer> {

    @Mixin Target target;

    @Option(names = "--env", required = true, paramLabel = "FILE", description = "The .env file (NAME=value, NAME=secret(OTHER)).")
    Path file;

    @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "The command and its arguments (after --).")
    List<String> command;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Map<String, String> values = EnvFile.read(file).resolve(target.client(), target.namespace());
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(values);
        values.clear();
        Process child;
        try {
            child = builder.start();
        } catch (IOException e) {
            throw new CliException(CliException.FAILED, "cannot start " + command.get(0) + ": " + e.getMessage());
        }
        builder.environment().clear();
        // dsv's own SIGTERM or SIGINT ends the JVM through its shutdown hooks: pass it on and wait for the command
        Thread forward = new Thread(() -> {
            if (child.isAlive()) {
                child.destroy();
                try {
                    if (!child.waitFor(10, TimeUnit.SECONDS)) {
                        child.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "dsv-run-forward");
        Runtime.getRuntime().addShutdownHook(forward);
        int exit = child.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(forward);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it waits for the command
        }
        return exit;
    }
}
