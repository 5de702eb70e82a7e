package io.dsv.local.history;

import java.util.Map;

/**
 * One operation a client performed, as the history test records it: when it was invoked and when it
 * completed (wall-clock microseconds, the same clock metadata stamps versions with on this machine),
 * and what came back.
 *
 * @param idempotencyKey a write's Idempotency-Key; a retry of an unknown write carries the same one
 * @param value          what a write wrote, or what a read returned
 * @param version        a write's version (a delete's tombstone), or the version a read returned
 * @param all            what a read of every version returned
 * @param code           the problem-details code of a refusal, or what went wrong on the wire
 */
public record Op(int client, Kind kind, String key, String idempotencyKey, long requestedVersion, long invokedMicros,
                 long completedMicros, Outcome outcome, String value, long version, Map<Long, String> all, String code) {

    public enum Kind {
        CREATE, UPDATE, DELETE, READ, READ_VERSION, READ_ALL;

        public boolean write() {
            return this == CREATE || this == UPDATE || this == DELETE;
        }
    }

    /**
     * OK: it happened (a read returned a value). FAIL: it certainly changed nothing (a refusal, a 503 that
     * says nothing changed, a connection refused). UNKNOWN: it may or may not have happened (503
     * commit_unconfirmed, a timeout, a connection cut mid-request). NOT_FOUND: a read answered 404.
     */
    public enum Outcome { OK, FAIL, UNKNOWN, NOT_FOUND }

    public boolean ok() {
        return outcome == Outcome.OK;
    }

    @Override
    public String toString() {
        return kind + " " + key + (kind.write() ? " [" + idempotencyKey + "]" : "") + " by client " + client + " -> "
                + outcome + (version > 0 ? " v" + version : "") + (code != null ? " " + code : "")
                + (value != null ? " '" + value + "'" : "") + " @" + invokedMicros + ".." + completedMicros;
    }
}
