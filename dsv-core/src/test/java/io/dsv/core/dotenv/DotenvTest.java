package io.dsv.core.dotenv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsv.core.dotenv.DotenvEntry.Assignment;
import java.util.List;
import org.junit.jupiter.api.Test;

class DotenvTest {

    private static final String SAMPLE = """
            # database
            export DB_USER=app   # who connects

            DB_PASSWORD=enc(s3cr3t(with)parens)
            API_TOKEN = enc("multi\\nline \\"quoted\\" )value")
            PEM='-----BEGIN-----
            abc
            -----END-----'
            COPY=secret(DB_PASSWORD)
            OLD=secret(DB_PASSWORD@3)   # pinned
            GREETING="hello \\"world\\""
            """;

    @Test
    void readsAssignmentsCommentsAndMarkers() {
        List<DotenvEntry> entries = Dotenv.parse(SAMPLE);
        List<Assignment> assignments = entries.stream().filter(Assignment.class::isInstance).map(Assignment.class::cast).toList();
        assertThat(assignments).extracting(Assignment::name)
                .containsExactly("DB_USER", "DB_PASSWORD", "API_TOKEN", "PEM", "COPY", "OLD", "GREETING");
        assertThat(assignments).extracting(Assignment::line).containsExactly(2, 4, 5, 6, 9, 10, 11);
        assertThat(Dotenv.valueOf(assignments.get(0))).isEqualTo("app");
        assertThat(assignments.get(1).marker()).isEqualTo(new Marker(Marker.Kind.ENC, "s3cr3t(with)parens", 0));
        assertThat(assignments.get(2).marker()).isEqualTo(new Marker(Marker.Kind.ENC, "multi\nline \"quoted\" )value", 0));
        assertThat(Dotenv.valueOf(assignments.get(3))).isEqualTo("-----BEGIN-----\nabc\n-----END-----");
        assertThat(assignments.get(4).marker()).isEqualTo(new Marker(Marker.Kind.SECRET, "DB_PASSWORD", 0));
        assertThat(assignments.get(5).marker()).isEqualTo(new Marker(Marker.Kind.SECRET, "DB_PASSWORD", 3));
        assertThat(Dotenv.valueOf(assignments.get(6))).isEqualTo("hello \"world\"");
    }

    @Test
    void writingReplacesOnlyTheMarkers() {
        String written = Dotenv.write(Dotenv.parse(SAMPLE), a -> switch (a.marker().kind()) {
            case ENC -> "secret(" + a.name() + ")";
            case SECRET -> Dotenv.quote(a.marker().version() == 3 ? "old value" : "s3cr3t");
        });
        assertThat(written).isEqualTo("""
                # database
                export DB_USER=app   # who connects

                DB_PASSWORD=secret(DB_PASSWORD)
                API_TOKEN = secret(API_TOKEN)
                PEM='-----BEGIN-----
                abc
                -----END-----'
                COPY=s3cr3t
                OLD="old value"   # pinned
                GREETING="hello \\"world\\""
                """);
    }

    @Test
    void writingWithoutReplacementGivesTheFileBack() {
        assertThat(Dotenv.write(Dotenv.parse(SAMPLE))).isEqualTo(SAMPLE);
        String crlf = "A=1\r\n# c\r\n\r\nB='x'\r\nC=\"y\"";
        assertThat(Dotenv.write(Dotenv.parse(crlf))).isEqualTo(crlf);
    }

    @Test
    void syntaxErrorsNameLineAndColumn() {
        assertError("A=1\n=2\n", 2, 1, "expected a variable name");
        assertError("A=1\nB 2\n", 2, 3, "expected '=' after B");
        assertError("A=1\n\nB=\"open\nstill open\n", 3, 3, "the quote opened here is never closed");
        assertError("X=enc(abc\n", 1, 3, "enc( is never closed with ')'");
        assertError("X=secret(a b)\n", 1, 11, "expected ')' to close secret( opened at column 3");
        assertError("X=secret(A@)\n", 1, 12, "expected a version number after '@'");
        assertError("X='a' b\n", 1, 7, "unexpected text after the value of X");
        assertError("X=enc()\n", 1, 3, "enc() needs a value to store");
        assertError("A=1\nB=2\nA=3\n", 3, 1, "A is assigned twice (first on line 1)");
        assertError("A/B=1\n", 1, 2, "expected '=' after A");
    }

    @Test
    void quotingKeepsPlainValuesBareAndEscapesTheRest() {
        assertThat(Dotenv.quote("abc-1.2_3:x@y")).isEqualTo("abc-1.2_3:x@y");
        assertThat(Dotenv.quote("a b")).isEqualTo("\"a b\"");
        assertThat(Dotenv.quote("")).isEqualTo("\"\"");
        assertThat(Dotenv.quote("$HOME \"x\" \\ \n")).isEqualTo("\"\\$HOME \\\"x\\\" \\\\ \\n\"");
    }

    private static void assertError(String text, int line, int column, String problem) {
        assertThatThrownBy(() -> Dotenv.parse(text))
                .isInstanceOfSatisfying(DotenvSyntaxException.class, e -> {
                    assertThat(e.line()).as("line").isEqualTo(line);
                    assertThat(e.column()).as("column").isEqualTo(column);
                })
                .hasMessageEndingWith(problem);
    }
}
