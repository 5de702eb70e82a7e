package io.dsv.core.dotenv;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsv.core.dotenv.DotenvEntry.Assignment;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class DotenvPropertiesTest {

    /** parse then write is the identity on files without markers. */
    @Property(tries = 500)
    void writeOfParseIsTheIdentity(@ForAll("files") String file) {
        assertThat(Dotenv.write(Dotenv.parse(file))).isEqualTo(file);
    }

    /** Any value written with quote() reads back as itself. */
    @Property(tries = 500)
    void quotedValuesReadBackExactly(@ForAll("values") String value) {
        Assignment a = (Assignment) Dotenv.parse("X=" + Dotenv.quote(value) + "\n").get(0);
        assertThat(Dotenv.valueOf(a)).isEqualTo(value);
    }

    /** enc("...") with a quoted argument stores exactly the decoded value, whatever it holds. */
    @Property(tries = 500)
    void encArgumentsReadBackExactly(@ForAll("values") String value) {
        Assume.notEmpty(value);
        Assignment a = (Assignment) Dotenv.parse("X=enc(" + Dotenv.quote(value).replaceAll("^(?!\")(.*)$", "\"$1\"") + ")\n").get(0);
        assertThat(a.marker()).isEqualTo(new Marker(Marker.Kind.ENC, value, 0));
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.strings().withChars("abcXYZ019 #'\"\\$`=()\n\t\r-_.é€").ofMaxLength(30);
    }

    @Provide
    Arbitrary<String> files() {
        Arbitrary<String> blank = Arbitraries.of("", " ", "\t  ");
        Arbitrary<String> comment = Arbitraries.strings().withChars("abc #=\"'()").ofMaxLength(20).map(s -> "#" + s);
        Arbitrary<String> unquoted = Arbitraries.strings().withChars("abcXYZ019-_./:@=(),").ofMaxLength(15)
                .filter(s -> !s.startsWith("enc(") && !s.startsWith("secret("));
        Arbitrary<String> single = Arbitraries.strings().withChars("ab c#\"\\$\n=").ofMaxLength(15).map(s -> "'" + s + "'");
        Arbitrary<String> dbl = Arbitraries.strings().withChars("ab c#'\n=").ofMaxLength(15)
                .map(s -> "\"" + s.replace("a", "\\\"").replace("b", "\\n") + "\"");
        Arbitrary<String> value = Arbitraries.oneOf(unquoted, single, dbl);
        Arbitrary<String> assignment = Combinators.combine(
                Arbitraries.of("", "export "),
                Arbitraries.strings().withChars("ABCDEFGH_").ofMinLength(1).ofMaxLength(6),
                Arbitraries.of("=", " = ", "= "),
                value,
                Arbitraries.of("", "  # trailing comment", " #x"))
                .as((export, name, eq, v, tail) -> export + name + eq + v + (v.isEmpty() && !tail.isEmpty() ? "" : tail));
        Arbitrary<String> line = Arbitraries.oneOf(blank, comment, assignment, assignment);
        Arbitrary<String> ending = Arbitraries.of("\n", "\r\n");
        return Combinators.combine(line.list().ofMaxSize(12), ending, Arbitraries.of(true, false))
                .as((lines, eol, trailing) -> uniqueNames(lines).stream().collect(Collectors.joining(eol))
                        + (trailing && !lines.isEmpty() ? eol : ""));
    }

    /** Suffix every assignment's name with its position, since a name may be assigned once. */
    private static List<String> uniqueNames(List<String> lines) {
        return java.util.stream.IntStream.range(0, lines.size()).mapToObj(i -> {
            String l = lines.get(i);
            if (l.startsWith("#") || l.isBlank()) {
                return l;
            }
            int name = l.startsWith("export ") ? 7 : 0;
            int end = name;
            while (end < l.length() && Character.isLetter(l.charAt(end)) || end < l.length() && l.charAt(end) == '_') {
                end++;
            }
            return l.substring(0, end) + i + l.substring(end);
        }).toList();
    }

    private static final class Assume {
        static void notEmpty(String s) {
            net.jqwik.api.Assume.that(!s.isEmpty());
        }
    }
}
