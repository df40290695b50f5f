package vn.govcomm.manual.review;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.security.Access;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.kit.web.ApiProblem.FieldProblem;
import vn.govcomm.manual.tasks.Decision;
import vn.govcomm.manual.tasks.ManualTask;
import vn.govcomm.manual.tasks.ManualTasks;
import vn.govcomm.manual.tasks.TaskAccess;
import vn.govcomm.manual.tasks.TaskState;
import vn.govcomm.manual.tasks.TaskViews;

import java.io.IOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The issuing agency decides on the latest evidence: {@code POST /api/manual/tasks/{deliveryId}/review}
 * {@code {"decision":"ACCEPT"|"REJECT","reason":"…"}} (reason required to reject, at most 1000 characters).
 * Officers and approvers of the issuing agency, and admins; the body is read once the caller may review.
 */
@RestController
class ReviewController {

    static final int MAX_REASON = 1000;
    private static final Set<String> FIELDS = Set.of("decision", "reason");

    private final ManualTasks tasks;
    private final TaskAccess access;
    private final TaskViews views;
    private final JsonMapper json;

    ReviewController(ManualTasks tasks, TaskAccess access, TaskViews views, JsonMapper json) {
        this.tasks = tasks;
        this.access = access;
        this.views = views;
        this.json = json;
    }

    record ReviewRequest(Decision decision, String reason) {
    }

    @PostMapping("/api/manual/tasks/{deliveryId}/review")
    Map<String, Object> review(Caller caller, @PathVariable String deliveryId, HttpServletRequest http)
            throws IOException {
        ManualTask task = access.visible(caller, deliveryId);
        if (!caller.isAdmin() && !TaskAccess.isIssuer(caller, task)) {
            throw Access.forbidden();
        }
        ReviewRequest request = read(http);
        if (task.state() != TaskState.AWAITING_REVIEW) {
            throw ManualTasks.conflict(task.state(), ManualTasks.Action.REVIEW);
        }
        return views.full(tasks.review(task, request.decision(), request.reason(), caller.userId(), caller.displayName()));
    }

    /** The body, validated field by field. */
    private ReviewRequest read(HttpServletRequest http) throws IOException {
        JsonNode body;
        try {
            body = json.readTree(http.getInputStream().readAllBytes());
        } catch (JacksonException malformed) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-json",
                    "Nội dung yêu cầu không phải JSON hợp lệ. / The request body is not valid JSON.");
        }
        List<FieldProblem> problems = new ArrayList<>();
        for (String name : body.propertyNames()) {
            if (!FIELDS.contains(name)) {
                problems.add(new FieldProblem(name, "unknown-field", "Trường không được hỗ trợ", "Unknown field"));
            }
        }
        Decision decision = null;
        JsonNode rawDecision = body.path("decision");
        if (rawDecision.isMissingNode() || rawDecision.isNull()) {
            problems.add(new FieldProblem("decision", "required", "Cần chọn ACCEPT (chấp nhận) hoặc REJECT (từ chối)",
                    "Choose ACCEPT or REJECT"));
        } else {
            try {
                decision = Decision.valueOf(rawDecision.isString() ? rawDecision.asString() : "");
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("decision", "invalid-decision",
                        "Chỉ nhận ACCEPT (chấp nhận) hoặc REJECT (từ chối)", "Only ACCEPT or REJECT"));
            }
        }
        String reason = null;
        JsonNode rawReason = body.path("reason");
        if (!rawReason.isMissingNode() && !rawReason.isNull()) {
            if (!rawReason.isString()) {
                problems.add(new FieldProblem("reason", "malformed-field", "Giá trị không đúng kiểu", "Wrong value type"));
            } else if (!rawReason.asString().isBlank()) {
                reason = Normalizer.normalize(rawReason.asString().strip(), Normalizer.Form.NFC);
                if (reason.codePointCount(0, reason.length()) > MAX_REASON) {
                    problems.add(new FieldProblem("reason", "too-long", "Lý do dài quá " + MAX_REASON + " ký tự",
                            "The reason is longer than " + MAX_REASON + " characters"));
                } else if (reason.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r'
                        && c != '\t')) {
                    problems.add(new FieldProblem("reason", "invalid-characters", "Lý do chứa ký tự điều khiển",
                            "The reason contains control characters"));
                }
            }
        }
        if (decision == Decision.REJECT && reason == null && problems.stream().noneMatch(p -> p.field().equals("reason"))) {
            problems.add(new FieldProblem("reason", "required", "Cần nêu lý do từ chối để cơ quan bổ sung minh chứng",
                    "Say why the evidence is rejected, so the agency can send better evidence"));
        }
        if (!problems.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed",
                    "Yêu cầu duyệt chưa hợp lệ. / The review has invalid fields.", problems);
        }
        return new ReviewRequest(decision, reason);
    }
}
