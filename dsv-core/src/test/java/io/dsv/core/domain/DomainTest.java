package io.dsv.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DomainTest {

    @Test
    void namesOfDotsOnlyAreRefusedBecauseNoHttpPathCouldNameThem() {
        assertThat(SecretId.problemWith(".")).isEqualTo("must not consist of dots only");
        assertThat(SecretId.problemWith("..")).isEqualTo("must not consist of dots only");
        assertThat(SecretId.problemWith("...")).isEqualTo("must not consist of dots only");
        assertThat(SecretId.problemWith(".env")).isNull();
        assertThat(SecretId.problemWith("a..b")).isNull();
    }

    @Test
    void secretIdsAcceptTheAllowedCharacters() {
        SecretId id = new SecretId("team.a_1-x", "DB_PASSWORD.v2");
        assertThat(id.key()).isEqualTo("team.a_1-x/DB_PASSWORD.v2");
        assertThat(new SecretId("a".repeat(128), "b").namespace()).hasSize(128);
    }

    @Test
    void secretIdsRefuseBadNamesAndSayWhichField() {
        assertThatThrownBy(() -> new SecretId("", "x"))
                .isInstanceOfSatisfying(InvalidSecretIdException.class, e -> assertThat(e.field()).isEqualTo("namespace"))
                .hasMessage("namespace must not be empty");
        assertThatThrownBy(() -> new SecretId("ns", "a/b"))
                .isInstanceOfSatisfying(InvalidSecretIdException.class, e -> assertThat(e.field()).isEqualTo("name"))
                .hasMessage("name may contain only letters, digits, '.', '_' and '-'");
        assertThatThrownBy(() -> new SecretId("ns", "x".repeat(129)))
                .hasMessage("name must be at most 128 characters, got 129");
        assertThatThrownBy(() -> new SecretId(null, "x")).hasMessage("namespace must not be empty");
        assertThatThrownBy(() -> new SecretId("ns", "é")).isInstanceOf(InvalidSecretIdException.class);
    }

    @Test
    void versionsStartAtOneAndCount() {
        assertThat(Version.FIRST.next()).isEqualTo(Version.of(2));
        assertThat(Version.of(3)).isGreaterThan(Version.of(2));
        assertThatThrownBy(() -> Version.of(0)).hasMessage("version must be at least 1, got 0");
    }

    @Test
    void validityIntervalsAreHalfOpen() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Instant t1 = t0.plusSeconds(60);
        ValidityInterval closed = ValidityInterval.openFrom(t0).closedAt(t1);
        assertThat(closed.contains(t0)).isTrue();
        assertThat(closed.contains(t1.minusNanos(1))).isTrue();
        assertThat(closed.contains(t1)).isFalse();
        assertThat(closed.contains(t0.minusNanos(1))).isFalse();
        assertThat(ValidityInterval.openFrom(t1).contains(Instant.MAX)).isTrue();
        assertThatThrownBy(() -> new ValidityInterval(t1, t0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorCodesAreUniqueAndCarryClientOrServerStatuses() {
        Set<String> codes = new HashSet<>();
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(codes.add(code.code())).as(code.code()).isTrue();
            assertThat(code.httpStatus()).isBetween(400, 599);
        }
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::code))
                .contains("secret_exists", "secret_not_found", "ordering_failed", "write_quorum_failed",
                        "insufficient_shards", "invalid_request", "version_mismatch");
    }
}
