package io.dsv.gateway.api;

import io.dsv.core.domain.ErrorCode;

/**
 * A request that ends in a problem-details answer: the stable code, a detail for people, and the
 * request field at fault when there is one. Messages never contain values.
 */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final String field;

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
}
