package io.dsv.gateway.api;

import io.dsv.client.ApiException;

import io.dsv.core.domain.ErrorCode;
import io.dsv.core.domain.InvalidSecretIdException;
import java.net.URI;
import org.slf4j.Logger;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Every error is an RFC 9457 problem-details body with a stable {@code code}, and the request field
 * at fault where there is one. No stack trace and no request content is ever echoed.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        ResponseEntity<ProblemDetail> response = problem(e.code(), e.getMessage(), e.field());
        e.details().forEach(response.getBody()::setProperty);
        return response;
    }

    @ExceptionHandler(InvalidSecretIdException.class)
    ResponseEntity<ProblemDetail> invalidId(InvalidSecretIdException e) {
        return problem(ErrorCode.INVALID_REQUEST, e.getMessage(), e.field());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = mismatch.getPath().get(mismatch.getPath().size() - 1).getPropertyName();
            return problem(ErrorCode.INVALID_REQUEST, "field " + field + " has the wrong type" + at(mismatch.getLocation()), field);
        }
        if (cause instanceof JacksonException json) {
            return problem(ErrorCode.INVALID_REQUEST, "the request body is not valid JSON" + at(json.getLocation()), null);
        }
        return problem(ErrorCode.INVALID_REQUEST, "the request body is missing or unreadable", null);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException e) {
        return problem(ErrorCode.INVALID_REQUEST, e.getParameterName() + " is required", e.getParameterName());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> wrongParameterType(MethodArgumentTypeMismatchException e) {
        return problem(ErrorCode.INVALID_REQUEST, e.getName() + " has the wrong type", e.getName());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
        return problem(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send the request body as application/json", null);
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return problem(ErrorCode.INVALID_REQUEST, "the Accept header allows no representation this endpoint has", "Accept");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
        return problem(ErrorCode.METHOD_NOT_ALLOWED, "method " + e.getMethod() + " is not supported here", null);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e) {
        return problem(ErrorCode.NO_SUCH_ENDPOINT, "no such endpoint", null);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected error ({})", e.getClass().getName());
        return problem(ErrorCode.INTERNAL_ERROR, "internal error", null);
    }

    private static String at(TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    static ResponseEntity<ProblemDetail> problem(ErrorCode code, String detail, String field) {
        HttpStatus status = HttpStatus.valueOf(code.httpStatus());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://dsv.dev/problems/" + code.code()));
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("code", code.code());
        if (field != null) {
            problem.setProperty("field", field);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
