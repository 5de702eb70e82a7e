package io.dsv.core.dotenv;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads and rewrites .env files, keeping every byte that is not a marker: comments, blank lines,
 * {@code export} prefixes, quoting, spacing, line endings and order.
 *
 * <pre>
 * # comment                      blank lines and comments are kept as they are
 * export NAME=plain value        unquoted: up to the end of the line or a " #" comment
 * NAME='single quoted'           literal, may span lines
 * NAME="double \"quoted\"\n"     escapes \n \r \t \" \\ \$ \`, may span lines
 * NAME=enc(value)                store value as secret NAME          -> NAME=secret(NAME)
 * NAME=enc("va)lue\nmore")       a quoted argument may hold ')' and escapes
 * NAME=secret(OTHER)             the latest value of secret OTHER    -> NAME=value
 * NAME=secret(OTHER@3)           version 3 of OTHER
 * </pre>
 * Names are 1-128 characters of [A-Za-z0-9._-] (the secret-name rule). A name may be assigned once.
 */
public final class Dotenv {

    private static final int MAX_NAME = 128;

    private Dotenv() {
    }

    public static List<DotenvEntry> parse(String text) {
        return new Parser(text).parseAll();
    }

    /** The file text again, with each marker replaced by what {@code replacement} returns for it. */
    public static String write(List<DotenvEntry> entries, Function<DotenvEntry.Assignment, String> replacement) {
        StringBuilder out = new StringBuilder();
        for (DotenvEntry entry : entries) {
            if (entry instanceof DotenvEntry.Assignment assignment && assignment.marker() != null) {
                out.append(assignment.withValueText(replacement.apply(assignment)));
            } else {
                out.append(entry.source());
            }
        }
        return out.toString();
    }

    /** The file text again, unchanged: markers stay markers. */
    public static String write(List<DotenvEntry> entries) {
        return write(entries, DotenvEntry.Assignment::valueText);
    }

    /** The value an assignment gives its name, quotes removed and escapes decoded (markers as written). */
    public static String valueOf(DotenvEntry.Assignment assignment) {
        String raw = assignment.valueText();
        if (raw.length() >= 2 && raw.charAt(0) == '"' && raw.endsWith("\"")) {
            return unescapeDouble(raw.substring(1, raw.length() - 1));
        }
        if (raw.length() >= 2 && raw.charAt(0) == '\'' && raw.endsWith("'")) {
            return raw.substring(1, raw.length() - 1);
        }
        return raw;
    }

    /** A value as it must appear after NAME= so that a .env reader gets it back exactly. */
    public static String quote(String value) {
        if (!value.isEmpty() && value.chars().allMatch(Dotenv::plain)) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 8).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '$' -> out.append("\\$");
                case '`' -> out.append("\\`");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static boolean plain(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "_-./:@+=,%^~".indexOf(c) >= 0;
    }

    static boolean nameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    }

    /** Decodes a double-quoted value's escapes; unknown escapes stay as written. */
    static String unescapeDouble(String body) {
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                char next = body.charAt(++i);
                switch (next) {
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case '"', '\\', '$', '`' -> out.append(next);
                    default -> out.append('\\').append(next);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A single pass over the text; {@code pos} is always at the start of a logical line between entries. */
    private static final class Parser {

        private final String text;
        private int pos;
        private int line = 1;
        private int lineStart;
        private final Map<String, Integer> seen = new HashMap<>();

        Parser(String text) {
            this.text = text;
        }

        List<DotenvEntry> parseAll() {
            List<DotenvEntry> entries = new ArrayList<>();
            while (pos < text.length()) {
                entries.add(entry());
            }
            return entries;
        }

        private DotenvEntry entry() {
            int start = pos;
            int startLine = line;
            skipBlanks();
            if (atEndOfLine() || peek() == '#') {
                skipToEndOfLine();
                consumeNewline();
                return new DotenvEntry.Verbatim(text.substring(start, pos));
            }
            if (text.startsWith("export", pos) && pos + 6 < text.length() && (text.charAt(pos + 6) == ' ' || text.charAt(pos + 6) == '\t')) {
                pos += 6;
                skipBlanks();
            }
            int nameStart = pos;
            while (pos < text.length() && nameChar(text.charAt(pos))) {
                pos++;
            }
            if (pos == nameStart) {
                throw error(pos, "expected a variable name");
            }
            String name = text.substring(nameStart, pos);
            if (name.length() > MAX_NAME) {
                throw error(nameStart, "name " + name.substring(0, 16) + "... is longer than " + MAX_NAME + " characters");
            }
            skipBlanks();
            if (pos >= text.length() || text.charAt(pos) != '=') {
                throw error(pos, "expected '=' after " + name);
            }
            pos++;
            skipBlanks();
            int valueStart = pos;
            Marker marker = value();
            int valueEnd = pos;
            skipBlanks();
            if (!atEndOfLine()) {
                if (peek() == '#' && pos > valueEnd) {
                    skipToEndOfLine();
                } else {
                    throw error(pos, "unexpected text after the value of " + name);
                }
            }
            consumeNewline();
            Integer earlier = seen.putIfAbsent(name, startLine);
            if (earlier != null) {
                throw new DotenvSyntaxException(startLine, nameStart - lineStartOf(nameStart) + 1,
                        name + " is assigned twice (first on line " + earlier + ")");
            }
            return new DotenvEntry.Assignment(text.substring(start, pos), name, startLine, valueStart - start,
                    valueEnd - start, marker);
        }

        /** Reads a value and returns its marker, if it is one; leaves pos just after the value. */
        private Marker value() {
            if (atEndOfLine()) {
                return null;
            }
            char c = peek();
            if (c == '"' || c == '\'') {
                quoted(c);
                return null;
            }
            if (text.startsWith("enc(", pos)) {
                return enc();
            }
            if (text.startsWith("secret(", pos)) {
                return reference();
            }
            unquoted();
            return null;
        }

        private void unquoted() {
            int end = pos;
            while (end < text.length() && !isNewline(text.charAt(end))) {
                if (text.charAt(end) == '#' && end > pos && isBlank(text.charAt(end - 1))) {
                    break;
                }
                end++;
            }
            while (end > pos && isBlank(text.charAt(end - 1))) {
                end--;
            }
            pos = end;
        }

        /** Reads a quoted string starting at pos (the quote) and returns its decoded content. */
        private String quoted(char quote) {
            int open = pos;
            int openLine = line;
            int openColumn = pos - lineStart + 1;
            pos++;
            StringBuilder raw = new StringBuilder();
            while (true) {
                if (pos >= text.length()) {
                    throw new DotenvSyntaxException(openLine, openColumn, "the quote opened here is never closed");
                }
                char c = text.charAt(pos);
                if (c == quote) {
                    pos++;
                    break;
                }
                if (c == '\\' && quote == '"' && pos + 1 < text.length()) {
                    raw.append(c).append(text.charAt(pos + 1));
                    if (text.charAt(pos + 1) == '\n') {
                        newLineAt(pos + 2);
                    }
                    pos += 2;
                    continue;
                }
                if (c == '\n') {
                    newLineAt(pos + 1);
                }
                raw.append(c);
                pos++;
            }
            assert open >= 0;
            return quote == '"' ? unescapeDouble(raw.toString()) : raw.toString();
        }

        private Marker enc() {
            int markerStart = pos;
            int markerLine = line;
            int markerColumn = pos - lineStart + 1;
            pos += 4;
            String argument;
            if (pos < text.length() && (peek() == '"' || peek() == '\'')) {
                argument = quoted(peek());
                if (pos >= text.length() || peek() != ')') {
                    throw error(pos, "expected ')' to close enc(");
                }
                pos++;
            } else {
                // Unquoted: everything up to the last ')' on the line (a value may itself hold parentheses).
                int close = -1;
                int end = pos;
                while (end < text.length() && !isNewline(text.charAt(end))) {
                    if (text.charAt(end) == ')') {
                        close = end;
                    }
                    end++;
                }
                if (close < 0) {
                    throw new DotenvSyntaxException(markerLine, markerColumn, "enc( is never closed with ')'");
                }
                argument = text.substring(pos, close);
                pos = close + 1;
            }
            if (argument.isEmpty()) {
                throw new DotenvSyntaxException(markerLine, markerColumn, "enc() needs a value to store");
            }
            assert markerStart >= 0;
            return new Marker(Marker.Kind.ENC, argument, 0);
        }

        private Marker reference() {
            int markerColumn = pos - lineStart + 1;
            pos += 7;
            int nameStart = pos;
            while (pos < text.length() && nameChar(text.charAt(pos))) {
                pos++;
            }
            if (pos == nameStart) {
                throw error(pos, "expected a secret name in secret(...)");
            }
            String name = text.substring(nameStart, pos);
            if (name.length() > MAX_NAME) {
                throw error(nameStart, "secret name in secret(...) is longer than " + MAX_NAME + " characters");
            }
            long version = 0;
            if (pos < text.length() && peek() == '@') {
                pos++;
                int digitsStart = pos;
                while (pos < text.length() && Character.isDigit(text.charAt(pos)) && pos - digitsStart < 18) {
                    pos++;
                }
                if (pos == digitsStart) {
                    throw error(pos, "expected a version number after '@'");
                }
                version = Long.parseLong(text.substring(digitsStart, pos));
                if (version < 1) {
                    throw error(digitsStart, "versions start at 1");
                }
            }
            if (pos >= text.length() || peek() != ')') {
                throw error(pos, "expected ')' to close secret( opened at column " + markerColumn);
            }
            pos++;
            return new Marker(Marker.Kind.SECRET, name, version);
        }

        private DotenvSyntaxException error(int at, String problem) {
            return new DotenvSyntaxException(line, at - lineStart + 1, problem);
        }

        private int lineStartOf(int at) {
            int i = at;
            while (i > 0 && text.charAt(i - 1) != '\n') {
                i--;
            }
            return i;
        }

        private char peek() {
            return text.charAt(pos);
        }

        private boolean atEndOfLine() {
            return pos >= text.length() || isNewline(text.charAt(pos));
        }

        private void skipBlanks() {
            while (pos < text.length() && isBlank(text.charAt(pos))) {
                pos++;
            }
        }

        private void skipToEndOfLine() {
            while (pos < text.length() && !isNewline(text.charAt(pos))) {
                pos++;
            }
        }

        /** Consumes \n, \r\n or a lone \r. */
        private void consumeNewline() {
            if (pos < text.length() && text.charAt(pos) == '\r') {
                pos++;
            }
            if (pos < text.length() && text.charAt(pos) == '\n') {
                pos++;
            }
            newLineAt(pos);
        }

        private void newLineAt(int next) {
            line++;
            lineStart = next;
        }

        private static boolean isBlank(char c) {
            return c == ' ' || c == '\t';
        }

        private static boolean isNewline(char c) {
            return c == '\n' || c == '\r';
        }
    }
}
