package io.dsv.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsv.sdk.DsvClient;
import io.dsv.sdk.DsvException;
import io.dsv.sdk.NamePage;
import io.dsv.sdk.NewToken;
import io.dsv.sdk.Secret;
import io.dsv.sdk.SecretName;
import io.dsv.sdk.SecretVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Issue 15: the Java SDK against the real cluster, every endpoint and its errors as typed exceptions. */
@ExtendWith(SharedCluster.class)
@Order(16)
class SdkTest {

    private static DsvClient as(String token) {
        return DsvClient.builder().address(SharedCluster.cluster().gatewayUrl(0)).token(token.toCharArray())
                .timeout(Duration.ofSeconds(20)).build();
    }

    private static String utf8(Secret secret) {
        return new String(secret.value(), StandardCharsets.UTF_8);
    }

    @Test
    void everySecretEndpointThroughTheSdk() {
        DsvClient dsv = as(Http.token);
        String ns = "sdk";
        assertThat(dsv.create(ns, "db-pass", "first".toCharArray())).isEqualTo(1);
        assertThat(dsv.update(ns, "db-pass", "second".toCharArray(), 1L)).isEqualTo(2);
        Secret latest = dsv.get(ns, "db-pass");
        assertThat(utf8(latest)).isEqualTo("second");
        assertThat(latest.version()).isEqualTo(2);
        assertThat(utf8(dsv.get(ns, "db-pass", 1))).isEqualTo("first");
        Map<Long, byte[]> all = dsv.all(ns, "db-pass");
        assertThat(all.keySet()).containsExactly(1L, 2L);
        List<SecretVersion> history = dsv.history(ns, "db-pass");
        assertThat(history).extracting(SecretVersion::version).containsExactly(1L, 2L);
        assertThat(history.get(0).validTo()).isNotNull();
        // version 1 was current from its validFrom until version 2's: no clock of the test's involved
        assertThat(utf8(dsv.getAt(ns, "db-pass", history.get(0).validFrom()))).isEqualTo("first");
        assertThat(utf8(dsv.getAt(ns, "db-pass", history.get(1).validFrom()))).isEqualTo("second");

        dsv.create(ns, "db-user", "app".toCharArray());
        dsv.create(ns, "api-key", "k".toCharArray());
        NamePage page = dsv.list(ns, "db-", 1, null);
        assertThat(page.secrets()).extracting(SecretName::name).containsExactly("db-pass");
        assertThat(dsv.list(ns, "db-", 1, page.nextCursor()).secrets()).extracting(SecretName::name).containsExactly("db-user");
        assertThat(dsv.listAll(ns, null)).extracting(SecretName::name).containsExactly("api-key", "db-pass", "db-user");

        char[] rewritten = dsv.env(ns, "NEW_ONE=enc(fresh)\nDB=secret(db-pass)\n".toCharArray());
        assertThat(new String(rewritten)).isEqualTo("NEW_ONE=secret(NEW_ONE)\nDB=second\n");
        assertThat(utf8(dsv.get(ns, "NEW_ONE"))).isEqualTo("fresh");

        assertThat(dsv.delete(ns, "api-key", null)).isEqualTo(2);
        assertThatThrownBy(() -> dsv.get(ns, "api-key")).isInstanceOfSatisfying(DsvException.NotFound.class,
                e -> assertThat(e.code()).isEqualTo("secret_not_found"));
    }

    @Test
    void everyProblemIsATypedExceptionWithItsCodeFieldAndLine() {
        DsvClient dsv = as(Http.token);
        String ns = "sdk-errors";
        dsv.create(ns, "taken", "v".toCharArray());
        assertThatThrownBy(() -> dsv.create(ns, "taken", "w".toCharArray()))
                .isInstanceOfSatisfying(DsvException.Conflict.class, e -> assertThat(e.code()).isEqualTo("secret_exists"));
        assertThatThrownBy(() -> dsv.update(ns, "taken", "w".toCharArray(), 7L))
                .isInstanceOfSatisfying(DsvException.Conflict.class, e -> assertThat(e.code()).isEqualTo("version_mismatch"));
        assertThatThrownBy(() -> dsv.get(ns, "taken", 9)).isInstanceOfSatisfying(DsvException.NotFound.class,
                e -> assertThat(e.code()).isEqualTo("version_not_found"));
        assertThatThrownBy(() -> dsv.create(ns, "bad/name", "v".toCharArray()))
                .isInstanceOf(DsvException.class);
        assertThatThrownBy(() -> dsv.create(ns, "empty", new char[0]))
                .isInstanceOfSatisfying(DsvException.InvalidRequest.class, e -> assertThat(e.field()).isEqualTo("secretValue"));
        assertThatThrownBy(() -> dsv.env(ns, "A=enc(x)\nB 'y'\n".toCharArray()))
                .isInstanceOfSatisfying(DsvException.InvalidRequest.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isNotNull();
                });
        assertThatThrownBy(() -> dsv.env(ns, "A=secret(nowhere)\n".toCharArray()))
                .isInstanceOfSatisfying(DsvException.NotFound.class, e -> {
                    assertThat(e.code()).isEqualTo("reference_not_found");
                    assertThat(e.line()).isEqualTo(1);
                });
        assertThatThrownBy(() -> as("dsv.nope.nope").get(ns, "taken")).isInstanceOf(DsvException.Unauthorized.class);
    }

    @Test
    void tokensMintedAndRevokedThroughTheSdk() {
        DsvClient root = as(Http.token);
        root.create("sdk-tokens", "readable", "r".toCharArray());
        NewToken reader = root.createToken("sdk-reader", Map.of("sdk-tokens", Set.of("read")), Duration.ofHours(1));
        assertThat(reader.toString()).doesNotContain(reader.token());
        DsvClient limited = as(reader.token());
        assertThat(utf8(limited.get("sdk-tokens", "readable"))).isEqualTo("r");
        assertThatThrownBy(() -> limited.create("sdk-tokens", "nope", "n".toCharArray()))
                .isInstanceOfSatisfying(DsvException.Forbidden.class, e -> assertThat(e.code()).isEqualTo("forbidden"));
        root.revokeToken(reader.id());
        TestApi.eventually(Duration.ofSeconds(10), () -> {
            try {
                limited.get("sdk-tokens", "readable");
                return false;
            } catch (DsvException.Unauthorized e) {
                return true;
            }
        });
    }
}
