package io.dsv.core.dotenv;

/**
 * One logical line of a .env file, with its exact source text (line terminator included), so that
 * writing the file back reproduces it byte for byte.
 */
public sealed interface DotenvEntry permits DotenvEntry.Verbatim, DotenvEntry.Assignment {

    String source();

    /** A blank line or a comment. */
    record Verbatim(String source) implements DotenvEntry {
    }

    /**
     * {@code NAME=value}. {@code valueStart}/{@code valueEnd} delimit the value's text inside
     * {@code source}; {@code marker} is set when that text is {@code enc(...)} or {@code secret(...)}.
     *
     * @param line the 1-based line the assignment starts on
     */
    record Assignment(String source, String name, int line, int valueStart, int valueEnd, Marker marker)
            implements DotenvEntry {

        public String valueText() {
            return source.substring(valueStart, valueEnd);
        }

        /** This assignment with its value text replaced, everything else (export, spacing, comment) kept. */
        public String withValueText(String replacement) {
            return source.substring(0, valueStart) + replacement + source.substring(valueEnd);
        }

        @Override
        public String toString() {
            return "Assignment[" + name + " at line " + line + (marker == null ? "" : ", " + marker.kind()) + "]";
        }
    }
}
