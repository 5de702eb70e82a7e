package io.dsv.core.shamir;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;

/** A SecureRandom that remembers what it handed out, so a test can rebuild the polynomials. */
final class RecordingRandom extends SecureRandom {

    private final ByteArrayOutputStream handedOut = new ByteArrayOutputStream();
    private final boolean zeros;

    RecordingRandom() {
        this(false);
    }

    /** zeros = true gives a broken generator that always returns zero bytes (a negative control). */
    RecordingRandom(boolean zeros) {
        this.zeros = zeros;
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
        if (!zeros) {
            super.nextBytes(bytes);
        }
        handedOut.writeBytes(bytes);
    }

    byte[] handedOut() {
        return handedOut.toByteArray();
    }
}
