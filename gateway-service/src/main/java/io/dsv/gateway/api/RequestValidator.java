package io.dsv.gateway.api;

import io.dsv.client.ApiException;

import io.dsv.core.domain.ErrorCode;
import io.dsv.core.domain.SecretId;
import io.dsv.gateway.config.GatewayProperties;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;

/** Turns request fields into domain values, or a 400 naming the field. */
@Component
public class RequestValidator {

    private final int maxValueBytes;

    public RequestValidator(GatewayProperties properties) {
        this.maxValueBytes = properties.maxValueBytes();
    }

    public SecretId secretId(String namespaceField, String namespace, String nameField, String name) {
        check(namespaceField, namespace);
        check(nameField, name);
        return new SecretId(namespace, name);
    }

    /** A namespace on its own (listing), or a 400 naming the field. */
    public String namespace(String field, String namespace) {
        check(field, namespace);
        return namespace;
    }

    /** The value's UTF-8 bytes; the caller zeroes them after use. */
    public byte[] value(String field, String value) {
        if (value == null) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, field + " is required", field);
        }
        if (value.isEmpty()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, field + " must not be empty", field);
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxValueBytes) {
            int size = bytes.length;
            java.util.Arrays.fill(bytes, (byte) 0);
            throw new ApiException(ErrorCode.INVALID_REQUEST, field + " is " + size + " bytes, more than the limit of "
                    + maxValueBytes, field);
        }
        return bytes;
    }

    public String idempotencyKey(String header) {
        return WriteHeaders.idempotencyKey(header);
    }

    public void requireBody(Object body) {
        if (body == null) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "a JSON request body is required");
        }
    }

    private static void check(String field, String value) {
        if (value == null) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, field + " is required", field);
        }
        String problem = SecretId.problemWith(value);
        if (problem != null) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, field + " " + problem, field);
        }
    }
}
