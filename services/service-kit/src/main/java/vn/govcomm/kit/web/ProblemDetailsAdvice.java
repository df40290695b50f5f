package vn.govcomm.kit.web;

import org.springframework.core.annotation.Order;
import org.springframework.core.Ordered;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.exc.MismatchedInputException;
import vn.govcomm.identity.BodyTooLargeException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Every error leaves a service as RFC 9457 problem details ({@code application/problem+json}) with a stable
 * {@code code} and, for input errors, {@code errors: [{field, code, message, messageVi, messageEn}]}.
 * Unexpected failures answer 500 without internals.
 */
// Before Boot's own ProblemDetailsExceptionHandler, should a service switch that on too.
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    private static final String TYPE_BASE = "https://govcomm.vn/problems/";

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem) {
        ProblemDetail body = problem(problem.status(), problem.code(), problem.getMessage());
        if (!problem.fields().isEmpty()) {
            body.setProperty("errors", problem.fields().stream().map(ProblemDetailsAdvice::fieldJson).toList());
        }
        return ResponseEntity.status(problem.status()).body(body);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (BodyTooLargeException.causedBy(e)) {
            return tooLarge();
        }
        log.error("Unexpected error", e);
        return ResponseEntity.internalServerError().body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                "Lỗi hệ thống, vui lòng thử lại sau. / Internal error, please retry later."));
    }

    private ResponseEntity<ProblemDetail> tooLarge() {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem(HttpStatus.CONTENT_TOO_LARGE,
                "body-too-large", "Nội dung yêu cầu quá lớn. / The request body is too large."));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, Object>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(ProblemDetailsAdvice::fieldJson).toList();
        ProblemDetail body = problem(HttpStatus.BAD_REQUEST, "validation-failed",
                "Dữ liệu không hợp lệ. / The request has invalid fields.");
        body.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(body);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (BodyTooLargeException.causedBy(ex)) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(tooLarge().getBody());
        }
        Throwable cause = ex.getMostSpecificCause();
        ProblemDetail body;
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String field = unknown.getPropertyName();
            body = problem(HttpStatus.BAD_REQUEST, "unknown-field", "Trường không được hỗ trợ: " + field
                    + ". / Unknown field: " + field + ".");
            body.setProperty("errors", List.of(fieldJson(new ApiProblem.FieldProblem(path(unknown), "unknown-field",
                    "Trường không được hỗ trợ", "Unknown field"))));
        } else if (cause instanceof MismatchedInputException mismatch) {
            body = problem(HttpStatus.BAD_REQUEST, "malformed-field", "Giá trị không đúng kiểu. / Wrong value type.");
            body.setProperty("errors", List.of(fieldJson(new ApiProblem.FieldProblem(path(mismatch), "malformed-field",
                    "Giá trị không đúng kiểu", "Wrong value type"))));
        } else {
            body = problem(HttpStatus.BAD_REQUEST, "malformed-json",
                    "Nội dung yêu cầu không phải JSON hợp lệ. / The request body is not valid JSON.");
        }
        return ResponseEntity.badRequest().body(body);
    }

    private static String path(MismatchedInputException e) {
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

    public static ProblemDetail problem(HttpStatus status, String code, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(URI.create(TYPE_BASE + code));
        body.setProperty("code", code);
        return body;
    }

    private static Map<String, Object> fieldJson(ApiProblem.FieldProblem f) {
        return Map.of("field", f.field(), "code", f.code(), "message", f.messageEn(),
                "messageVi", f.messageVi(), "messageEn", f.messageEn());
    }

    private static Map<String, Object> fieldJson(FieldError f) {
        String message = f.getDefaultMessage() == null ? "invalid" : f.getDefaultMessage();
        return Map.of("field", f.getField(), "code", f.getCode() == null ? "invalid" : f.getCode(),
                "message", message, "messageVi", message, "messageEn", message);
    }
}
