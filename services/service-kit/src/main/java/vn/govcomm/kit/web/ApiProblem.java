package vn.govcomm.kit.web;

import org.springframework.http.HttpStatus;

import java.util.List;

/**
 * A business rule said no. Rendered as RFC 9457 problem details with a stable {@code code} and, where the
 * problem is about input, one entry per field with messages in Vietnamese and English.
 */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final List<FieldProblem> fields;

    public ApiProblem(HttpStatus status, String code, String detail) {
        this(status, code, detail, List.of());
    }

    public ApiProblem(HttpStatus status, String code, String detail, List<FieldProblem> fields) {
        super(detail);
        this.status = status;
        this.code = code;
        this.fields = List.copyOf(fields);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<FieldProblem> fields() {
        return fields;
    }

    /** One invalid field: JSON pointer-like path, machine code, and the message in both languages. */
    public record FieldProblem(String field, String code, String messageVi, String messageEn) {
    }
}
