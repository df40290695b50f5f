package vn.govcomm.campaign.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import vn.govcomm.identity.BodyTooLargeException;
import vn.govcomm.kit.web.ProblemDetailsAdvice;

import java.util.List;
import java.util.Map;

/**
 * Unreadable request bodies with the field that broke them. The service-kit advice names the field only for
 * Jackson's MismatchedInputException; a value that cannot be parsed (a date "2030-13-45", an unknown enum
 * constant) surfaces as another JacksonException and would lose its path. This advice runs first and finds the
 * path on any JacksonException in the cause chain. A body that went past {@code govcomm.security.max-body-size}
 * while it was read (chunked, no Content-Length for the service-kit filter to refuse up front) also arrives here as
 * unreadable: it stays a 413 {@code body-too-large}, as the service-kit answers it.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestBodyProblems {

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        if (BodyTooLargeException.causedBy(e)) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(ProblemDetailsAdvice.problem(
                    HttpStatus.CONTENT_TOO_LARGE, "body-too-large",
                    "Nội dung yêu cầu quá lớn. / The request body is too large."));
        }
        JacksonException jackson = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JacksonException j) {
                jackson = j;
                if (t instanceof UnrecognizedPropertyException) {
                    break;
                }
            }
        }
        String path = jackson == null ? "" : path(jackson);
        ProblemDetail body;
        if (jackson instanceof UnrecognizedPropertyException unknown) {
            body = ProblemDetailsAdvice.problem(HttpStatus.BAD_REQUEST, "unknown-field", "Trường không được hỗ trợ: "
                    + unknown.getPropertyName() + ". / Unknown field: " + unknown.getPropertyName() + ".");
            body.setProperty("errors", List.of(field(path, "unknown-field", "Trường không được hỗ trợ", "Unknown field")));
        } else if (!path.isEmpty()) {
            body = ProblemDetailsAdvice.problem(HttpStatus.BAD_REQUEST, "malformed-field",
                    "Giá trị không đúng kiểu hoặc định dạng. / Wrong value type or format.");
            body.setProperty("errors", List.of(field(path, "malformed-field",
                    "Giá trị không đúng kiểu hoặc định dạng", "Wrong value type or format")));
        } else {
            body = ProblemDetailsAdvice.problem(HttpStatus.BAD_REQUEST, "malformed-json",
                    "Nội dung yêu cầu không phải JSON hợp lệ. / The request body is not valid JSON.");
        }
        return ResponseEntity.badRequest().body(body);
    }

    /** A query or path parameter of the wrong type, e.g. {@code ?status=DONE}. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        ProblemDetail body = ProblemDetailsAdvice.problem(HttpStatus.BAD_REQUEST, "malformed-field",
                "Giá trị không đúng kiểu hoặc định dạng. / Wrong value type or format.");
        body.setProperty("errors", List.of(field(e.getName(), "malformed-field",
                "Giá trị không hợp lệ: " + e.getValue(), "Invalid value: " + e.getValue())));
        return ResponseEntity.badRequest().body(body);
    }

    private static String path(JacksonException e) {
        StringBuilder sb = new StringBuilder();
        e.getPath().forEach(ref -> {
            if (ref.getPropertyName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        });
        return sb.toString();
    }

    private static Map<String, Object> field(String field, String code, String vi, String en) {
        return Map.of("field", field, "code", code, "message", en, "messageVi", vi, "messageEn", en);
    }
}
