package io.dsv.metadata.ledger;

import io.dsv.core.domain.ErrorCode;
import io.dsv.core.protocol.TxIntent;
import java.util.Optional;

/** A write's precondition against the key as it stands when the write reaches the front of its queue. */
final class Preconditions {

    private Preconditions() {
    }

    /** Why the write cannot happen, or empty when it can. */
    static Optional<ErrorCode> refusal(KeyState key, TxIntent intent) {
        switch (intent.operation()) {
            case CREATE -> {
                if (key.live()) {
                    return Optional.of(ErrorCode.SECRET_EXISTS);
                }
            }
            case UPDATE, DELETE -> {
                if (!key.live()) {
                    return Optional.of(ErrorCode.SECRET_NOT_FOUND);
                }
                if (intent.expectedVersion() != 0 && intent.expectedVersion() != key.latestVersion()) {
                    return Optional.of(ErrorCode.VERSION_MISMATCH);
                }
            }
        }
        return Optional.empty();
    }
}
