package io.dsv.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.dsv.client.MetadataClient;
import io.dsv.core.protocol.TokenRecord;
import io.dsv.core.security.ApiTokens;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Issue 13: a minted token stops working at its expiry, cached or not; the root token has none. */
class TokenExpiryTest {

    private final MetadataClient metadata = mock(MetadataClient.class);
    private final TokenAuthenticator authenticator = new TokenAuthenticator(metadata);

    @Test
    void aTokenPastItsExpiryIsRefusedEvenFromTheCache() throws Exception {
        ApiTokens.Issued issued = ApiTokens.issue();
        Instant expiresAt = Instant.now().plusMillis(300);
        when(metadata.token(issued.id())).thenReturn(new TokenRecord(issued.id(), "ci", issued.salt(), issued.hash(),
                Map.of("team-a", Set.of("READ")), false, expiresAt, "root-id"));

        DsvPrincipal principal = authenticator.authenticate(issued.token());
        assertThat(principal).isNotNull();
        assertThat(principal.expiresAt()).isEqualTo(expiresAt);
        Thread.sleep(400);                                   // within the record cache's 3 s
        assertThat(authenticator.authenticate(issued.token())).isNull();
    }

    @Test
    void aTokenWithoutExpiryKeepsWorking() {
        ApiTokens.Issued issued = ApiTokens.issue();
        when(metadata.token(issued.id())).thenReturn(new TokenRecord(issued.id(), "root", issued.salt(), issued.hash(),
                Map.of("*", Set.of("ADMIN")), false));
        assertThat(authenticator.authenticate(issued.token())).isNotNull();
        assertThat(new TokenRecord("x", "y", "s", "h", Map.of(), false, Instant.now().minusSeconds(1), "p")
                .expired(Instant.now())).isTrue();
    }
}
