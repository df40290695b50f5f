package vn.govcomm.kit.deadletters;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.security.Access;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.kit.web.ProblemDetailsAdvice;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dead-letter admin API every service serves for its own DLTs (through the gateway:
 * {@code /api/dead-letters/<service>/...}). Admins only: the role is checked first, before any parameter or body
 * is read, so every other caller gets the same 403 whatever it sent.
 */
@RestController
@RequestMapping("/api/dead-letters/topics")
class DeadLetterController {

    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final Set<String> BULK_FIELDS = Set.of("ids", "exceptionClass", "eventType", "from", "to", "dryRun");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DeadLetterManagement management;
    private final int maxBulk;

    DeadLetterController(DeadLetterManagement management, int maxBulk) {
        this.management = management;
        this.maxBulk = maxBulk;
    }

    @GetMapping
    Map<String, Object> topics(Caller caller) {
        Access.requireAdmin(caller);
        return management.topics();
    }

    @GetMapping("/{topic}/records")
    Map<String, Object> records(Caller caller, @PathVariable String topic,
                                @RequestParam(required = false) String status,
                                @RequestParam(required = false) String exceptionClass,
                                @RequestParam(required = false) String eventType,
                                @RequestParam(required = false) String from,
                                @RequestParam(required = false) String to,
                                @RequestParam(required = false) String order,
                                @RequestParam(required = false) String page,
                                @RequestParam(required = false) String size) {
        Access.requireAdmin(caller);
        String wanted = blank(status) ? DeadLetterManagement.PENDING : status;
        if (!DeadLetterManagement.STATUSES.contains(wanted)) {
            throw badParameter("status", "pending, replaying, replayed, discarded, all");
        }
        if (!blank(order) && !order.equals("newest") && !order.equals("offset")) {
            throw badParameter("order", "newest, offset");
        }
        return management.records(topic, new DeadLetterManagement.Selection(wanted, trimmed(exceptionClass),
                        trimmed(eventType), time("from", from), time("to", to)), !"offset".equals(order),
                number("page", page, 0, 0, 1_000_000), number("size", size, 50, 1, 200));
    }

    @GetMapping("/{topic}/records/{id}")
    Map<String, Object> inspect(Caller caller, @PathVariable String topic, @PathVariable String id) {
        Access.requireAdmin(caller);
        return management.inspect(topic, RecordId.parse(id));
    }

    /**
     * Hands the record back to the listener that dead-lettered it and waits for it: 200 with the action when it was
     * processed, 202 with the {@code replaying} action when the listener still runs after the replay timeout, a
     * problem (422 {@code replay-failed}, 503 ...) when it was not, the record pending again.
     */
    @PostMapping("/{topic}/records/{id}/replay")
    ResponseEntity<Map<String, Object>> replay(Caller caller, @PathVariable String topic, @PathVariable String id) {
        Access.requireAdmin(caller);
        Map<String, Object> action = management.replay(topic, RecordId.parse(id), caller);
        return ResponseEntity.status(DeadLetterActions.REPLAYING.equals(action.get("action")) ? HttpStatus.ACCEPTED
                : HttpStatus.OK).body(action);
    }

    /** Body {@code {"reason": "..."}}: required, at most 1000 characters. */
    @PostMapping("/{topic}/records/{id}/discard")
    Map<String, Object> discard(Caller caller, @PathVariable String topic, @PathVariable String id,
                                @RequestBody(required = false) String body) {
        Access.requireAdmin(caller);
        JsonNode request = json(body);
        JsonNode reason = request.path("reason");
        return management.discard(topic, RecordId.parse(id), caller, reason.isString() ? reason.asString() : null);
    }

    /**
     * Body: {@code {"ids": ["0-12", ...]}}, or filters {@code exceptionClass}, {@code eventType}, {@code from},
     * {@code to} (at least one: replaying everything takes a deliberate time range), and {@code dryRun}.
     */
    @PostMapping("/{topic}/replay")
    Map<String, Object> replayMany(Caller caller, @PathVariable String topic,
                                   @RequestBody(required = false) String body) {
        Access.requireAdmin(caller);
        JsonNode request = json(body);
        for (String field : request.propertyNames()) {
            if (!BULK_FIELDS.contains(field)) {
                throw new ApiProblem(HttpStatus.BAD_REQUEST, "unknown-field", "Trường không được hỗ trợ: " + field
                        + ". / Unknown field: " + field + ".", List.of(new ApiProblem.FieldProblem(field, "unknown-field",
                        "Trường không được hỗ trợ", "Unknown field")));
            }
        }
        List<String> ids = new ArrayList<>();
        if (request.has("ids")) {
            if (!request.path("ids").isArray() || request.path("ids").size() > maxBulk) {
                throw badParameter("ids", "an array of at most " + maxBulk + " record ids");
            }
            request.path("ids").forEach(i -> ids.add(i.asString("")));
        }
        DeadLetterManagement.Selection selection = new DeadLetterManagement.Selection(DeadLetterManagement.PENDING,
                textField(request, "exceptionClass"), textField(request, "eventType"),
                time("from", textField(request, "from")), time("to", textField(request, "to")));
        if (ids.isEmpty() && !selection.filters()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "filter-required", "Hãy chọn bản ghi (ids) hoặc một điều kiện "
                    + "lọc (exceptionClass, eventType, from, to). / Name the records (ids) or at least one filter "
                    + "(exceptionClass, eventType, from, to).");
        }
        return management.replayMany(topic, ids, selection, request.path("dryRun").asBoolean(false), caller);
    }

    /** The broker did not answer in time or refused (an ACL): the admin sees why, nothing was changed. */
    @ExceptionHandler(DeadLetterLog.Unavailable.class)
    ResponseEntity<ProblemDetail> unavailable(DeadLetterLog.Unavailable e) {
        String why = e.getMessage() == null ? "" : e.getMessage().length() > 300 ? e.getMessage().substring(0, 300)
                : e.getMessage();
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "30")
                .body(ProblemDetailsAdvice.problem(HttpStatus.SERVICE_UNAVAILABLE, "dead-letters-unavailable",
                        "Không đọc được Kafka, không có gì thay đổi. / Kafka could not be read, nothing was changed: "
                                + why));
    }

    /** A replay that failed again or could not run: its problem, with the listener's exception where there is one. */
    @ExceptionHandler(ReplayProblem.class)
    ResponseEntity<ProblemDetail> replayProblem(ReplayProblem problem) {
        ProblemDetail body = ProblemDetailsAdvice.problem(problem.status(), problem.code(), problem.getMessage());
        problem.members().forEach(body::setProperty);
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(problem.status());
        if (problem.retryAfterSeconds() != null) {
            answer.header("Retry-After", String.valueOf(problem.retryAfterSeconds()));
        }
        return answer.body(body);
    }

    private static JsonNode json(String body) {
        if (blank(body)) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node.isObject()) {
                return node;
            }
        } catch (JacksonException e) {
            // answered below
        }
        throw new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-json",
                "Nội dung yêu cầu không phải JSON hợp lệ. / The request body is not a valid JSON object.");
    }

    private static String textField(JsonNode request, String field) {
        JsonNode value = request.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw badParameter(field, "a string");
        }
        return trimmed(value.asString());
    }

    private static Instant time(String name, String value) {
        if (blank(value)) {
            return null;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(VIETNAM).toInstant() : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw badParameter(name, "an ISO instant (2026-03-01T08:00:00Z) or a date (2026-03-01, midnight in Vietnam)");
        }
    }

    private static int number(String name, String value, int fallback, int min, int max) {
        if (blank(value)) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw badParameter(name, "a number from " + min + " to " + max);
    }

    private static ApiProblem badParameter(String name, String expected) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed", "Dữ liệu không hợp lệ. / The request has "
                + "invalid fields.", List.of(new ApiProblem.FieldProblem(name, "invalid",
                "Giá trị không hợp lệ, cần: " + expected, "Invalid value, expected: " + expected)));
    }

    private static String trimmed(String value) {
        return blank(value) ? null : value.trim();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
