package io.dsv.core.dotenv;

/** A .env file that does not parse: where (1-based line and column) and what was expected. */
public class DotenvSyntaxException extends IllegalArgumentException {

    private final int line;
    private final int column;

    public DotenvSyntaxException(int line, int column, String problem) {
        super("line " + line + ", column " + column + ": " + problem);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
