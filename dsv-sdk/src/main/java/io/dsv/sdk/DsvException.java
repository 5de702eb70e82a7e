package io.dsv.sdk;

/**
 * A problem-details answer of the DSV API, typed by its class (a subclass per kind of failure), carrying
 * the stable {@code code} and, where the API names them, the {@code field}, {@code line} and {@code column}
 * at fault. Never carries a secret value: the API puts none in a problem.
 */
public class DsvException extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;
    private final Integer line;
    private final Integer column;

    public DsvException(int status, String code, String detail, String field, Integer line, Integer column) {
        super(code == null ? "HTTP " + status + ": " + detail : code + " (" + status + "): " + detail);
        this.status = status;
        this.code = code;
        this.field = field;
        this.line = line;
        this.column = column;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The stable problem code, such as {@code secret_not_found}; null when the answer had none. */
    public String code() {
        return code;
    }

    /** The request field at fault, or null. */
    public String field() {
        return field;
    }

    /** The .env line at fault, or null. */
    public Integer line() {
        return line;
    }

    /** The .env column at fault, or null. */
    public Integer column() {
        return column;
    }

    /** 400 or 422: the request is wrong (a field, a .env line, an Idempotency-Key used for another request). */
    public static final class InvalidRequest extends DsvException {
        public InvalidRequest(int status, String code, String detail, String field, Integer line, Integer column) {
            super(status, code, detail, field, line, column);
        }
    }

    /** 401: no token, or not a valid one. */
    public static final class Unauthorized extends DsvException {
        public Unauthorized(int status, String code, String detail, String field, Integer line, Integer column) {
            super(status, code, detail, field, line, column);
        }
    }

    /** 403: the token may not do this in this namespace. */
    public static final class Forbidden extends DsvException {
        public Forbidden(int status, String code, String detail, String field, Integer line, Integer column) {
            super(status, code, detail, field, line, column);
        }
    }

    /** 404: no such secret, version or reference. */
    public static final class NotFound extends DsvException {
        public NotFound(int status, String code, String detail, String field, Integer line, Integer column) {
            super(status, code, detail, field, line, column);
        }
    }

    /** 409 or 412: the secret exists, another write came first, or the version is not the one named by If-Match. */
    public static final class Conflict extends DsvException {
        public Conflict(int status, String code, String detail, String field, Integer line, Integer column) {
            super(status, code, detail, field, line, column);
        }
    }

    /** 413 or 429: too large, or too many requests. */
    public static final class Refused extends DsvException {
        public Refused(int status, String code, String detail, String field, Integer line, Integer column) {
            super(status, code, detail, field, line, column);
        }
    }

    /** 5xx, or DSV could not be reached: the outcome of a write may be unknown ({@code commit_unconfirmed}). */
    public static final class Unavailable extends DsvException {
        public Unavailable(int status, String code, String detail, String field, Integer line, Integer column) {
            super(status, code, detail, field, line, column);
        }
    }

    /** The exception for an answer: its class by status. */
    static DsvException of(int status, String code, String detail, String field, Integer line, Integer column) {
        return switch (status) {
            case 400, 422 -> new InvalidRequest(status, code, detail, field, line, column);
            case 401 -> new Unauthorized(status, code, detail, field, line, column);
            case 403 -> new Forbidden(status, code, detail, field, line, column);
            case 404 -> new NotFound(status, code, detail, field, line, column);
            case 409, 412 -> new Conflict(status, code, detail, field, line, column);
            case 413, 429 -> new Refused(status, code, detail, field, line, column);
            default -> status >= 500 || status == 0 ? new Unavailable(status, code, detail, field, line, column)
                    : new DsvException(status, code, detail, field, line, column);
        };
    }
}
