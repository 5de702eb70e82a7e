package io.dsv.metadata.saga;

import io.dsv.core.domain.ErrorCode;
import io.dsv.core.protocol.Operation;
import io.dsv.core.protocol.TxIntent;
import io.dsv.core.protocol.Vote;
import io.dsv.metadata.store.SecretHead;
import java.time.Instant;

/**
 * The precondition check of the vote phase, without I/O: given the key's head and an intent, yes with
 * the version the write will have, or no with the API error code.
 */
public final class VoteDecider {

    private VoteDecider() {
    }

    public static Vote decide(SecretHead head, TxIntent intent, Instant now) {
        if (head.reservedAt(now)) {
            if (intent.txId().equals(head.reservedTx())) {
                return yes(intent, head.reservedVersion());          // a redelivered intent gets the same vote
            }
            // Another transaction holds the key. A create racing a create loses as if the key existed.
            ErrorCode code = intent.operation() == Operation.CREATE && "CREATE".equals(head.reservedOperation())
                    ? ErrorCode.SECRET_EXISTS : ErrorCode.CONFLICT;
            return no(intent, code);
        }
        switch (intent.operation()) {
            case CREATE -> {
                if (head.live()) {
                    return no(intent, ErrorCode.SECRET_EXISTS);
                }
            }
            case UPDATE, DELETE -> {
                if (!head.live()) {
                    return no(intent, ErrorCode.SECRET_NOT_FOUND);
                }
                if (intent.expectedVersion() != 0 && intent.expectedVersion() != head.latestVersion()) {
                    return no(intent, ErrorCode.VERSION_MISMATCH);
                }
            }
        }
        return yes(intent, head.latestVersion() + 1);
    }

    private static Vote yes(TxIntent intent, long version) {
        return new Vote(intent.txId(), true, version, null);
    }

    private static Vote no(TxIntent intent, ErrorCode code) {
        return new Vote(intent.txId(), false, 0L, code.code());
    }
}
