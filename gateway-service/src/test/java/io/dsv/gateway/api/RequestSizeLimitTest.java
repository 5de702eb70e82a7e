package io.dsv.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Counting a body without a declared length: all of it up to the limit, never more than limit + 1 bytes. */
class RequestSizeLimitTest {

    @Test
    void aBodyAtTheLimitIsReadWholeAndOneByteMoreIsRefused() throws IOException {
        byte[] atLimit = new byte[20_000];
        atLimit[19_999] = 7;
        assertThat(RequestSizeLimit.readAtMost(new ByteArrayInputStream(atLimit), 20_000)).isEqualTo(atLimit);
        assertThat(RequestSizeLimit.readAtMost(new ByteArrayInputStream(new byte[20_001]), 20_000)).isNull();
        assertThat(RequestSizeLimit.readAtMost(new ByteArrayInputStream(new byte[0]), 20_000)).isEmpty();
    }

    @Test
    void anEndlessBodyIsCutOffAfterLimitPlusOneBytes() throws IOException {
        CountingEndless endless = new CountingEndless();
        assertThat(RequestSizeLimit.readAtMost(endless, 1_048_576)).isNull();
        assertThat(endless.served).isEqualTo(1_048_577);
    }

    /** A body that never ends, counting what was read of it. */
    private static final class CountingEndless extends InputStream {
        long served;

        @Override
        public int read() {
            served++;
            return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            served += len;
            return len;
        }
    }
}
