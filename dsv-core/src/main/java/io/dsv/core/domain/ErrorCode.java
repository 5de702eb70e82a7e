package io.dsv.core.domain;

/**
 * The stable error codes of the public API, each with its HTTP status. The {@link #code()} string
 * appears as {@code code} in every problem-details body; clients may switch on it.
 */
public enum ErrorCode {
    INVALID_REQUEST("invalid_request", 400),
    UNAUTHORIZED("unauthorized", 401),
    FORBIDDEN("forbidden", 403),
    SECRET_NOT_FOUND("secret_not_found", 404),
    NO_SUCH_ENDPOINT("no_such_endpoint", 404),
    METHOD_NOT_ALLOWED("method_not_allowed", 405),
    VERSION_NOT_FOUND("version_not_found", 404),
    REFERENCE_NOT_FOUND("reference_not_found", 404),
    SECRET_EXISTS("secret_exists", 409),
    CONFLICT("conflict", 409),
    VERSION_MISMATCH("version_mismatch", 412),
    PAYLOAD_TOO_LARGE("payload_too_large", 413),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415),
    IDEMPOTENCY_KEY_REUSED("idempotency_key_reused", 422),
    RATE_LIMITED("rate_limited", 429),
    ORDERING_FAILED("ordering_failed", 503),
    WRITE_QUORUM_FAILED("write_quorum_failed", 503),
    INSUFFICIENT_SHARDS("insufficient_shards", 503),
    /**
     * The outcome is unknown: the decision may or may not be in the log, and the log decides. A retry
     * with the same Idempotency-Key reports what happened.
     */
    COMMIT_UNCONFIRMED("commit_unconfirmed", 503),
    /** The delete is committed (the secret is gone and unreadable); fewer holders than needed confirmed yet. */
    DESTROY_PENDING("destroy_pending", 503),
    METADATA_UNAVAILABLE("metadata_unavailable", 503),
    AUDIT_UNAVAILABLE("audit_unavailable", 503),
    INTERNAL_ERROR("internal_error", 500);

    private final String code;
    private final int httpStatus;

    ErrorCode(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
