package io.dsv.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecurityPrimitivesTest {

    @Test
    void policiesGrantPerNamespaceWithAWildcard() {
        Policy teamA = new Policy(Map.of("team-a", EnumSet.of(Capability.READ, Capability.WRITE)));
        assertThat(teamA.allows("team-a", Capability.READ)).isTrue();
        assertThat(teamA.allows("team-a", Capability.DELETE)).isFalse();
        assertThat(teamA.allows("team-b", Capability.READ)).isFalse();
        Policy reader = new Policy(Map.of(Policy.ANY, Set.of(Capability.READ)));
        assertThat(reader.allows("anything", Capability.READ)).isTrue();
        assertThat(reader.allows("anything", Capability.WRITE)).isFalse();

        assertThat(Policy.root().covers(teamA)).isTrue();
        assertThat(teamA.covers(Policy.root())).isFalse();
        assertThat(teamA.covers(new Policy(Map.of("team-a", Set.of(Capability.READ))))).isTrue();
        assertThat(reader.covers(new Policy(Map.of("x", Set.of(Capability.READ))))).isTrue();
        assertThat(teamA.covers(new Policy(Map.of(Policy.ANY, Set.of(Capability.READ))))).isFalse();
    }

    @Test
    void apiTokensVerifyAgainstTheirSaltedHashOnly() {
        ApiTokens.Issued issued = ApiTokens.issue();
        ApiTokens.Presented presented = ApiTokens.parse(issued.token());
        assertThat(presented.id()).isEqualTo(issued.id());
        assertThat(ApiTokens.matches(presented, issued.salt(), issued.hash())).isTrue();
        assertThat(issued.hash()).doesNotContain(presented.secret());

        ApiTokens.Issued other = ApiTokens.issue();
        assertThat(ApiTokens.matches(presented, other.salt(), issued.hash())).isFalse();
        String tampered = issued.token().substring(0, issued.token().length() - 1)
                + (issued.token().endsWith("A") ? "B" : "A");
        assertThat(ApiTokens.matches(ApiTokens.parse(tampered), issued.salt(), issued.hash())).isFalse();
        assertThat(ApiTokens.parse("Bearer x")).isNull();
        assertThat(ApiTokens.parse(null)).isNull();
        assertThat(issued.toString()).doesNotContain(presented.secret());
    }
}
