package io.dsv.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.dsv.client.ApiException;
import io.dsv.core.domain.ErrorCode;
import io.dsv.core.protocol.AuditEvent;
import io.dsv.core.protocol.MessageCodec;
import io.dsv.core.protocol.Topics;
import io.dsv.core.security.Policy;
import io.dsv.gateway.security.AccessGuard;
import io.dsv.gateway.security.DsvPrincipal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The audit trail's fail-closed rule, in milliseconds (the topic itself is exercised end to end in
 * {@code SecurityTest}): a read's attempt is produced before the read runs and awaited before its answer
 * leaves; an attempt that cannot be written turns any answer, value or error, into 503 audit_unavailable
 * and the value is wiped.
 */
class AuditTrailTest {

    @SuppressWarnings("unchecked")
    private final KafkaTemplate<String, byte[]> kafka = mock(KafkaTemplate.class);
    private final List<AuditEvent> produced = new ArrayList<>();
    private CompletableFuture<SendResult<String, byte[]>> ack = new CompletableFuture<>();
    private AuditTrail trail;

    @BeforeEach
    void request() {
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest("GET", "/api")));
        AccessGuard guard = mock(AccessGuard.class);
        when(guard.current()).thenReturn(new DsvPrincipal("t1", "reader", Policy.root()));
        when(kafka.send(eq(Topics.AUDIT), anyString(), any(byte[].class))).thenAnswer(call -> {
            produced.add((AuditEvent) MessageCodec.decode(call.getArgument(2)));
            return ack;
        });
        trail = new AuditTrail(kafka, guard, true);
    }

    @AfterEach
    void done() {
        RequestContextHolder.resetRequestAttributes();
    }

    @Test
    void aReadRunsWhileItsAttemptTravelsAndItsValueLeavesOnceTheAttemptIsOnRecord() {
        CompletableFuture<?> attempt = trail.attempt("ns", "db", "read");
        String value = trail.confirmed(attempt, () -> {
            assertThat(produced).as("the attempt is produced before the read").singleElement()
                    .satisfies(e -> assertThat(e.phase()).isEqualTo("attempt"));
            assertThat(attempt).as("and not awaited before it").isNotDone();
            ack.complete(null);
            return "value";
        }, v -> { });
        assertThat(value).isEqualTo("value");
        assertThat(produced.get(0).actor()).isEqualTo("reader(t1)");
        assertThat(produced.get(0).name()).isEqualTo("db");
    }

    @Test
    void aValueWhoseAttemptCannotBeWrittenIsWipedAndRefused() {
        byte[] value = {1, 2, 3};
        CompletableFuture<?> attempt = trail.attempt("ns", "db", "read");
        ack.completeExceptionally(new IllegalStateException("broker away"));

        assertThatThrownBy(() -> trail.confirmed(attempt, () -> value, v -> Arrays.fill(v, (byte) 0)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.AUDIT_UNAVAILABLE));
        assertThat(value).containsOnly(0);
    }

    @Test
    void anErrorTheReadEndedWithIsToldOnlyOnceTheAttemptIsOnRecord() {
        ApiException notFound = new ApiException(ErrorCode.SECRET_NOT_FOUND, "secret db does not exist");
        CompletableFuture<?> written = trail.attempt("ns", "db", "read");
        ack.complete(null);
        assertThatThrownBy(() -> trail.confirmed(written, () -> { throw notFound; }, v -> { })).isSameAs(notFound);

        ack = new CompletableFuture<>();
        CompletableFuture<?> lost = trail.attempt("ns", "db", "read");
        ack.completeExceptionally(new IllegalStateException("broker away"));
        assertThatThrownBy(() -> trail.confirmed(lost, () -> { throw notFound; }, v -> { }))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.AUDIT_UNAVAILABLE));
    }

    @Test
    void aWritesAttemptIsAwaitedBeforeItActs() {
        ack.completeExceptionally(new IllegalStateException("broker away"));
        assertThatThrownBy(() -> trail.begin("ns", "db", "create"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.AUDIT_UNAVAILABLE));

        ack = CompletableFuture.completedFuture(null);
        trail.begin("ns", "db", "create");
        assertThat(produced).hasSize(2).allSatisfy(e -> assertThat(e.operation()).isEqualTo("create"));
    }
}
