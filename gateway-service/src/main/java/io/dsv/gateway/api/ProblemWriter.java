package io.dsv.gateway.api;

import io.dsv.core.domain.ErrorCode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;

/** Writes a problem-details body straight to a response, for filters that answer before MVC does. */
public final class ProblemWriter {

    private ProblemWriter() {
    }

    public static void write(HttpServletResponse response, ErrorCode code, String detail, String field) throws IOException {
        HttpStatus status = HttpStatus.valueOf(code.httpStatus());
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"https://dsv.dev/problems/" + code.code() + "\",\"title\":\""
                + status.getReasonPhrase() + "\",\"status\":" + status.value() + ",\"detail\":\"" + escape(detail)
                + "\",\"code\":\"" + code.code() + "\"" + (field == null ? "" : ",\"field\":\"" + escape(field) + "\"") + "}");
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
