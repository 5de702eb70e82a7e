package io.dsv.client;

import io.dsv.core.domain.ErrorCode;

/**
 * A request that ends in a problem-details answer: the stable code, a detail for people, and the
 * request field at fault when there is one. Messages never contain values.
 */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final String field;
    private final java.util.Map<String, Object> details = new java.util.LinkedHashMap<>();

    public ApiException(ErrorCode code, String detail) {
        this(code, detail, null);
    }

    public ApiException(ErrorCode code, String detail, String field) {
        super(detail, null, false, false);
        this.code = code;
        this.field = field;
    }

    public ErrorCode code() {
        return code;
    }

    public String field() {
        return field;
    }

    /** Adds a property to the problem body (such as the secret name, or the line of a .env file). */
    public ApiException with(String property, Object value) {
        details.put(property, value);
        return this;
    }

    public java.util.Map<String, Object> details() {
        return java.util.Collections.unmodifiableMap(details);
    }
}
