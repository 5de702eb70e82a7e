package io.dsv.gateway.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.dsv.client.ApiException;
import io.dsv.core.domain.ErrorCode;
import io.dsv.core.security.Policy;
import io.dsv.gateway.config.GatewayProperties;
import io.dsv.gateway.read.SecretReader;
import io.dsv.gateway.saga.WriteSaga;
import io.dsv.gateway.security.AccessGuard;
import io.dsv.gateway.security.DsvPrincipal;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/** A .env file's edges (issue 13): limits on lines and references, references charged as reads, errors that never echo a line. */
class EnvBatchServiceTest {

    private static final io.dsv.gateway.saga.RequestMac MAC = new io.dsv.gateway.saga.RequestMac("");
    private final WriteSaga writes = mock(WriteSaga.class);
    private final SecretReader reader = mock(SecretReader.class);
    private final RateLimiterRegistry limiters = RateLimiterRegistry.of(Map.of("per-token", RateLimiterConfig.custom()
            .limitForPeriod(10).limitRefreshPeriod(Duration.ofMinutes(10)).timeoutDuration(Duration.ZERO).build()));
    private final EnvBatchService service = new EnvBatchService(writes, reader, new ReferenceCharge(limiters, new AccessGuard()),
            new GatewayProperties("gw-test", Duration.ofSeconds(1), Duration.ofSeconds(1), 65_536, 20, 4, null), MAC);

    @BeforeEach
    void signIn() {
        SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken(
                new DsvPrincipal("token-1", "tester", Policy.root()), null, List.of()));
        when(reader.read(any(), any(), any())).thenAnswer(call -> "resolved".getBytes(StandardCharsets.UTF_8));
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void aFileLongerThanTheLimitIsRefusedNamingTheFirstLineOverBeforeAnythingIsRead() {
        String file = "# a comment\n".repeat(21);
        assertThatThrownBy(() -> service.apply("ns", file, "tester", null)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(e.details()).containsEntry("line", 21);
        });
        assertThat(service.apply("ns", "# a comment\n".repeat(20), "tester", null)).isEqualTo("# a comment\n".repeat(20));
        verifyNoInteractions(writes);
    }

    @Test
    void moreReferencesThanTheLimitAreRefusedAtTheFirstOneOverAndNoneIsRead() {
        String file = "A=secret(a)\nB=secret(b)\nC=secret(c)\nD=secret(d)\nE=secret(e)\n";
        assertThatThrownBy(() -> service.apply("ns", file, "tester", null)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(e.details()).containsEntry("line", 5);
        });
        verifyNoInteractions(reader);
    }

    @Test
    void everyReferenceIsChargedToTheCallersRateLimit() {
        String four = "A=secret(a)\nB=secret(b)\nC=secret(c)\nD=secret(d)\n";
        service.apply("ns", four, "tester", null);                      // 4 of 10
        service.apply("ns", four, "tester", null);                      // 8 of 10
        assertThatThrownBy(() -> service.apply("ns", four, "tester", null)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED));
        assertThat(limiters.rateLimiter("token-token-1", "per-token").getMetrics().getAvailablePermissions()).isEqualTo(2);
    }

    @Test
    void aSyntaxErrorNamesLineAndColumnWithoutEchoingTheLine() {
        String file = "OK=1\nPASSWORD=\"hunter2-very-secret\n";
        assertThatThrownBy(() -> service.apply("ns", file, "tester", null)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.details()).containsEntry("line", 2).containsKey("column");
            assertThat(e.getMessage()).doesNotContain("hunter2");
        });
    }

    @Test
    void aKeyedFileCarriesTheMacOfTheWholeFileSoAReplayWithAnotherFileIsTold() {
        String file = "A=enc(one)\nB=enc(two)\n";
        service.apply("ns", file, "tester", "token-1:key-1");
        service.apply("ns", "A=enc(one)\nB=enc(TWO)\n", "tester", "token-1:key-1");
        service.apply("ns", file, "tester", null);
        org.mockito.ArgumentCaptor<byte[]> macs = org.mockito.ArgumentCaptor.forClass(byte[].class);
        org.mockito.Mockito.verify(writes, org.mockito.Mockito.times(3)).putAll(any(), any(), any(), macs.capture());
        assertThat(macs.getAllValues().get(0)).isEqualTo(MAC.ofEnvFile("ns", file));
        assertThat(macs.getAllValues().get(1)).as("a second value differs").isNotEqualTo(macs.getAllValues().get(0));
        assertThat(macs.getAllValues().get(2)).as("no key, no MAC").isNull();
    }
}
