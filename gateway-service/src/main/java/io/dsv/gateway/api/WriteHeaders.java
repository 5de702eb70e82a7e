package io.dsv.gateway.api;

import io.dsv.client.ApiException;

import io.dsv.core.domain.ErrorCode;
import java.util.regex.Pattern;

/** The optional write headers: Idempotency-Key and If-Match, checked with a 400 naming the header. */
final class WriteHeaders {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String IF_MATCH = "If-Match";
    private static final Pattern KEY = Pattern.compile("[!-~]{1,128}");        // visible ASCII
    private static final Pattern VERSION = Pattern.compile("\"?([1-9][0-9]{0,17})\"?");

    private WriteHeaders() {
    }

    static String idempotencyKey(String header) {
        if (header == null) {
            return null;
        }
        if (!KEY.matcher(header).matches()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, IDEMPOTENCY_KEY + " must be 1-128 visible ASCII characters",
                    IDEMPOTENCY_KEY);
        }
        return header;
    }

    /** The version If-Match names ({@code 3} or {@code "3"}), or 0 when absent. */
    static long expectedVersion(String header) {
        if (header == null) {
            return 0;
        }
        var matcher = VERSION.matcher(header.trim());
        if (!matcher.matches()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, IF_MATCH + " must be a version number, such as 3", IF_MATCH);
        }
        return Long.parseLong(matcher.group(1));
    }
}
