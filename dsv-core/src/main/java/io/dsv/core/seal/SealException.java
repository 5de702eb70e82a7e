package io.dsv.core.seal;

/** A sealed share could not be opened (or sealed). The message never contains share bytes. */
public class SealException extends RuntimeException {

    /** Why opening failed; a caller may treat every reason alike (the share is unusable). */
    public enum Reason {
        /** The envelope is shorter than its header, or its format version is unknown. */
        MALFORMED,
        /** Authentication failed: wrong key, wrong context, or altered bytes. */
        AUTHENTICATION_FAILED,
        /** The JDK refused a key or algorithm. */
        CRYPTO_FAILURE
    }

    private final Reason reason;

    public SealException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public SealException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
