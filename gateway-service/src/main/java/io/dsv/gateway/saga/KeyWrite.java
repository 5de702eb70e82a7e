package io.dsv.gateway.saga;

import io.dsv.core.domain.SecretId;
import io.dsv.core.protocol.Operation;

/**
 * One key of a write: create or update with a value (zeroed by the saga once sealed), and the
 * version the key must be at (If-Match), 0 for any.
 */
public record KeyWrite(SecretId id, Operation operation, byte[] value, long expectedVersion) {

    @Override
    public String toString() {
        return "KeyWrite[" + id + ", " + operation + "]";
    }
}
