package io.dsv.cli;

/** A failure the CLI reports in one line, with its exit code. */
final class CliException extends RuntimeException {

    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int NOT_FOUND = 3;
    static final int CONFLICT = 4;
    static final int DENIED = 5;
    static final int UNAVAILABLE = 6;
    static final int INVALID = 7;

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
