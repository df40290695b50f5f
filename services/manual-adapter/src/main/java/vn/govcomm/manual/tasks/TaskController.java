package vn.govcomm.manual.tasks;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.security.Access;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.kit.web.ApiProblem.FieldProblem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The agency's side: {@code GET /api/manual/tasks} (what my agency must publish), {@code GET /api/manual/reviews}
 * (evidence my agency must review, of the campaigns it issued), {@code GET /api/manual/tasks/{deliveryId}}.
 * Lists are of the caller's own agency; an admin may name another with {@code ?agency=} (anyone else: 403).
 */
@RestController
class TaskController {

    private final ManualTasks tasks;
    private final TaskAccess access;
    private final TaskViews views;
    private final TaskProperties properties;

    TaskController(ManualTasks tasks, TaskAccess access, TaskViews views, TaskProperties properties) {
        this.tasks = tasks;
        this.access = access;
        this.views = views;
        this.properties = properties;
    }

    @GetMapping("/api/manual/tasks")
    List<Map<String, Object>> tasks(Caller caller, @RequestParam(required = false) String agency,
                                    @RequestParam(required = false) String state,
                                    @RequestParam(required = false) String campaignId,
                                    @RequestParam(required = false) String limit) {
        TaskAccess.requireUser(caller);
        String agencyId = agencyOf(caller, agency);
        Query q = query(state, campaignId, limit);
        return TaskViews.summaries(tasks.list(new ManualTasks.Filter(agencyId, null, q.state(), q.campaignId(), q.limit())));
    }

    @GetMapping("/api/manual/reviews")
    List<Map<String, Object>> reviews(Caller caller, @RequestParam(required = false) String agency,
                                      @RequestParam(required = false) String state,
                                      @RequestParam(required = false) String campaignId,
                                      @RequestParam(required = false) String limit) {
        TaskAccess.requireUser(caller);
        String agencyId = agencyOf(caller, agency);
        Query q = query(state, campaignId, limit);
        // An admin without an agency (agencyId null) sees every task, also those without an issuer (only admins
        // review those).
        return TaskViews.summaries(tasks.list(new ManualTasks.Filter(null, agencyId, q.state(), q.campaignId(), q.limit())));
    }

    @GetMapping("/api/manual/tasks/{deliveryId}")
    Map<String, Object> task(Caller caller, @PathVariable String deliveryId) {
        return views.full(access.visible(caller, deliveryId));
    }

    /** The agency a list is about: the caller's own; an admin may name any (or, without an agency, see all). */
    private static String agencyOf(Caller caller, String requested) {
        if (requested != null && !requested.isBlank()) {
            if (!caller.isAdmin() && !caller.belongsTo(requested)) {
                throw Access.forbidden();
            }
            return requested;
        }
        if (caller.agencyId() == null && !caller.isAdmin()) {
            throw Access.forbidden();
        }
        return caller.agencyId();
    }

    private record Query(TaskState state, String campaignId, int limit) {
    }

    private Query query(String state, String campaignId, String limit) {
        List<FieldProblem> problems = new ArrayList<>();
        TaskState parsedState = null;
        if (state != null && !state.isBlank()) {
            try {
                parsedState = TaskState.valueOf(state.strip());
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("state", "invalid-state",
                        "Trạng thái không hợp lệ (AWAITING_CONFIRMATION, AWAITING_REVIEW, REJECTED, ACCEPTED, CANCELLED)",
                        "Unknown state (AWAITING_CONFIRMATION, AWAITING_REVIEW, REJECTED, ACCEPTED, CANCELLED)"));
            }
        }
        if (campaignId != null && campaignId.length() > 200) {
            problems.add(new FieldProblem("campaignId", "too-long", "Mã chiến dịch quá dài", "campaignId is too long"));
        }
        int size = properties.maxPageSize();
        if (limit != null && !limit.isBlank()) {
            try {
                size = Integer.parseInt(limit.strip());
                if (size < 1 || size > properties.maxPageSize()) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                problems.add(new FieldProblem("limit", "out-of-range", "Giới hạn phải từ 1 đến "
                        + properties.maxPageSize(), "limit must be between 1 and " + properties.maxPageSize()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed",
                    "Tham số không hợp lệ. / Invalid query parameters.", problems);
        }
        return new Query(parsedState, campaignId == null || campaignId.isBlank() ? null : campaignId.strip(), size);
    }
}
