package io.dsv.gateway.api;

import io.dsv.core.domain.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request body larger than {@code dsv.gateway.max-request-bytes} (default 1 MiB) with 413,
 * whatever its content type: a declared length over the limit before anything reads it, and a body
 * without one (chunked) by counting its bytes as they are read, at most limit + 1 of them. The counted
 * body is handed on from memory and zeroed when the request ends, since it may hold secret values.
 */
@Configuration(proxyBeanMethods = false)
public class RequestSizeLimit {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> requestSizeFilter(@Value("${dsv.gateway.max-request-bytes:1048576}") long limit) {
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                long declared = request.getContentLengthLong();
                if (declared > limit) {
                    tooLarge(response, limit);
                    return;
                }
                if (declared >= 0 || request.getHeader("Transfer-Encoding") == null) {
                    chain.doFilter(request, response);             // HTTP/1.1 framing holds it to its length
                    return;
                }
                byte[] body = readAtMost(request.getInputStream(), (int) Math.min(limit, Integer.MAX_VALUE - 1));
                if (body == null) {
                    tooLarge(response, limit);
                    return;
                }
                try {
                    chain.doFilter(new CountedBody(request, body), response);
                } finally {
                    Arrays.fill(body, (byte) 0);
                }
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/api/*");
        registration.setOrder(-140);
        return registration;
    }

    private static void tooLarge(HttpServletResponse response, long limit) throws IOException {
        response.setHeader("Connection", "close");                    // the rest of the body is not read
        ProblemWriter.write(response, ErrorCode.PAYLOAD_TOO_LARGE, "the request body is larger than " + limit + " bytes",
                null);
    }

    /** The whole stream if it holds at most {@code limit} bytes, else null (having read limit + 1). */
    static byte[] readAtMost(InputStream in, int limit) throws IOException {
        byte[] buffer = new byte[Math.min(limit + 1, 8_192)];
        int length = 0;
        while (true) {
            if (length == buffer.length) {
                if (length > limit) {
                    Arrays.fill(buffer, (byte) 0);
                    return null;
                }
                byte[] grown = Arrays.copyOf(buffer, (int) Math.min((long) limit + 1, buffer.length * 2L));
                Arrays.fill(buffer, (byte) 0);
                buffer = grown;
            }
            int read = in.read(buffer, length, buffer.length - length);
            if (read < 0) {
                byte[] body = Arrays.copyOf(buffer, length);
                Arrays.fill(buffer, (byte) 0);
                return body;
            }
            length += read;
        }
    }

    /** The request with its body already read and counted. */
    private static final class CountedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        CountedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body was read already");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }
    }
}
