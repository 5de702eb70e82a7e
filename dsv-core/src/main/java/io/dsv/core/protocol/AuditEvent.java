package io.dsv.core.protocol;

/**
 * One request, as the audit trail keeps it, on {@code dsv.audit}: who did what to which secret, and
 * how it ended. Never a value. {@code phase} is {@code attempt} (written before the request acts;
 * if it cannot be written the request fails) or {@code outcome} (with the HTTP status).
 *
 * @param txId the request id
 */
public record AuditEvent(String txId, String phase, long timeMillis, String actor, String namespace, String name,
                         String operation, long version, int status, String clientAddress) implements Message {
}
