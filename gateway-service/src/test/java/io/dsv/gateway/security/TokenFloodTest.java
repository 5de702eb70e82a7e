package io.dsv.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.dsv.client.ApiException;
import io.dsv.client.MetadataClient;
import io.dsv.core.domain.ErrorCode;
import io.dsv.core.protocol.TokenRecord;
import io.dsv.core.security.ApiTokens;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: a flood of made-up tokens. Unknown ids are cached apart and bounded, so they never push a
 * real token out; an address past its failure budget gets no more look-ups, while a known token is
 * still answered from memory.
 */
class TokenFloodTest {

    private final MetadataClient metadata = mock(MetadataClient.class);
    private final TokenAuthenticator authenticator = new TokenAuthenticator(metadata);

    @Test
    void twentyThousandUnknownTokensStayBoundedAndTheRootTokenNeedsNoSecondLookUp() {
        ApiTokens.Issued root = ApiTokens.issue();
        when(metadata.token(root.id())).thenReturn(record(root));
        assertThat(authenticator.authenticate(root.token())).isNotNull();

        for (int i = 0; i < 20_000; i++) {
            assertThat(authenticator.authenticate(ApiTokens.issue().token())).isNull();
        }

        assertThat(authenticator.cached()).isLessThanOrEqualTo(TokenAuthenticator.MAX_CACHED + 1);
        assertThat(authenticator.authenticate(root.token(), false)).as("still known, no look-up needed").isNotNull();
        verify(metadata, times(1)).token(root.id());
    }

    @Test
    void anAddressPastItsBudgetGetsNoLookUpButAKnownTokenStillWorks() {
        FailedAuthentications failures = new FailedAuthentications(RateLimiterConfig.custom().limitForPeriod(3)
                .limitRefreshPeriod(Duration.ofMinutes(5)).timeoutDuration(Duration.ZERO).build());
        ApiTokens.Issued root = ApiTokens.issue();
        when(metadata.token(root.id())).thenReturn(record(root));
        authenticator.authenticate(root.token());

        for (int i = 0; i < 3; i++) {
            assertThat(failures.mayLookUp("10.0.0.9")).isTrue();
            failures.failed("10.0.0.9");
        }

        assertThat(failures.mayLookUp("10.0.0.9")).isFalse();
        assertThat(failures.mayLookUp("10.0.0.10")).as("another address is not held back").isTrue();
        assertThatThrownBy(() -> authenticator.authenticate(ApiTokens.issue().token(), failures.mayLookUp("10.0.0.9")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED));
        assertThat(authenticator.authenticate(root.token(), failures.mayLookUp("10.0.0.9"))).isNotNull();
        verify(metadata, times(1)).token(anyString());        // the root token's once; none for the refused one
    }

    @Test
    void theAddressesKeptAreBounded() {
        FailedAuthentications failures = new FailedAuthentications(RateLimiterConfig.ofDefaults());
        for (int i = 0; i < FailedAuthentications.MAX_ADDRESSES + 500; i++) {
            failures.failed("10.1." + (i / 250) + "." + (i % 250));
        }
        assertThat(failures.addresses()).isEqualTo(FailedAuthentications.MAX_ADDRESSES);
    }

    private static TokenRecord record(ApiTokens.Issued issued) {
        return new TokenRecord(issued.id(), "root", issued.salt(), issued.hash(), Map.of("*", Set.of("READ")), false);
    }
}
