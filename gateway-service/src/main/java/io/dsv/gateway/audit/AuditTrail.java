package io.dsv.gateway.audit;

import io.dsv.client.ApiException;
import io.dsv.core.domain.ErrorCode;
import io.dsv.core.protocol.AuditEvent;
import io.dsv.core.protocol.MessageCodec;
import io.dsv.core.protocol.Topics;
import io.dsv.gateway.security.AccessGuard;
import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The audit trail on {@code dsv.audit} (metadata copies it into Cassandra). An endpoint calls
 * {@link #begin} once it knows what the request is about and before it acts: if that event cannot be
 * written, the request fails with 503 and nothing happens (fail closed). A read produces the attempt
 * ({@link #attempt}) and awaits it before its answer leaves ({@link #confirmed}), in parallel with its
 * look-up and fetches. {@link AuditFilter} then records the outcome. Events carry names, actors and
 * outcomes, never values.
 */
@Component
public class AuditTrail {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
    static final String NAMESPACE = "dsv.audit.namespace";
    static final String NAME = "dsv.audit.name";
    static final String OPERATION = "dsv.audit.operation";
    static final String VERSION = "dsv.audit.version";
    static final String REQUEST_ID = "dsv.audit.requestId";
    static final String ACTOR = "dsv.audit.actor";

    private final KafkaTemplate<String, byte[]> kafka;
    private final AccessGuard guard;
    private final boolean required;

    public AuditTrail(KafkaTemplate<String, byte[]> kafka, AccessGuard guard,
                      @org.springframework.beans.factory.annotation.Value("${dsv.audit.required:true}") boolean required) {
        this.kafka = kafka;
        this.guard = guard;
        this.required = required;
    }

    /** The attempt, on record before the endpoint acts: what a write, a listing or an admin call needs. */
    public void begin(String namespace, String name, String operation) {
        await(attempt(namespace, name, operation));
    }

    /**
     * Produces the attempt at once and returns its acknowledgement, for a read to await with
     * {@link #confirmed} while it looks up and fetches (design §5.5): the audit costs no round trip of its own.
     */
    public CompletableFuture<?> attempt(String namespace, String name, String operation) {
        HttpServletRequest request = request();
        String actor = guard.current().actor();
        request.setAttribute(NAMESPACE, namespace);
        request.setAttribute(NAME, name);
        request.setAttribute(OPERATION, operation);
        request.setAttribute(ACTOR, actor);
        AuditEvent attempt = new AuditEvent(requestId(request), "attempt", System.currentTimeMillis(), actor, namespace,
                name, operation, 0L, 0, request.getRemoteAddr());
        try {
            return kafka.send(Topics.AUDIT, namespace, MessageCodec.encode(attempt));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Runs {@code read} while the attempt travels, then awaits the attempt: nothing the read found leaves
     * unless the attempt is on record. When it cannot be written the request fails with 503 (fail closed),
     * an answer the read produced is wiped, and an error the read ended with (a 404, say) is not told.
     */
    public <T> T confirmed(CompletableFuture<?> attempt, Supplier<T> read, Consumer<T> wipe) {
        T result;
        try {
            result = read.get();
        } catch (RuntimeException e) {
            await(attempt);
            throw e;
        }
        try {
            await(attempt);
        } catch (RuntimeException e) {
            wipe.accept(result);
            throw e;
        }
        return result;
    }

    private void await(CompletableFuture<?> attempt) {
        try {
            attempt.get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("Audit event for request {} could not be written: {}", requestId(request()),
                    (e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e).getClass().getSimpleName());
            if (required) {
                throw unavailable();
            }
        }
    }

    public void version(long version) {
        request().setAttribute(VERSION, version);
    }

    /** Best effort: the attempt is already on record. */
    void outcome(HttpServletRequest request, int status) {
        Object version = request.getAttribute(VERSION);
        Object actor = request.getAttribute(ACTOR);
        AuditEvent outcome = new AuditEvent(requestId(request), "outcome", System.currentTimeMillis(),
                actor == null ? "unauthenticated" : actor.toString(), (String) request.getAttribute(NAMESPACE),
                (String) request.getAttribute(NAME),
                request.getAttribute(OPERATION) == null ? request.getMethod() + " " + request.getRequestURI()
                        : (String) request.getAttribute(OPERATION),
                version == null ? 0L : (Long) version, status, request.getRemoteAddr());
        try {
            kafka.send(Topics.AUDIT, outcome.namespace() == null ? "-" : outcome.namespace(), MessageCodec.encode(outcome));
        } catch (RuntimeException e) {
            log.warn("Audit outcome for request {} could not be written: {}", outcome.txId(), e.getClass().getSimpleName());
        }
    }

    /**
     * A holder answered a read with a share that does not match its commitment: on record with the node
     * as the actor (phase {@code bad_share}), best effort, outside any request's own events.
     */
    public void badShare(String namespace, String name, long version, String txId, String nodeId, String reportedBy) {
        AuditEvent event = new AuditEvent(txId, "bad_share", System.currentTimeMillis(), "node:" + nodeId, namespace,
                name, "share.verify", version, 0, reportedBy);
        try {
            kafka.send(Topics.AUDIT, namespace, MessageCodec.encode(event));
        } catch (RuntimeException e) {
            log.warn("Audit of a bad share from {} could not be written: {}", nodeId, e.getClass().getSimpleName());
        }
    }

    static String requestId(HttpServletRequest request) {
        Object id = request.getAttribute(REQUEST_ID);
        if (id == null) {
            id = java.util.UUID.randomUUID().toString();
            request.setAttribute(REQUEST_ID, id);
        }
        return id.toString();
    }

    private static HttpServletRequest request() {
        return ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
    }

    private static ApiException unavailable() {
        return new ApiException(ErrorCode.AUDIT_UNAVAILABLE, "the audit trail cannot be written, so the request was refused");
    }
}
