package vn.govcomm.manual.tasks;

import org.springframework.stereotype.Component;
import vn.govcomm.kit.delivery.AdapterDeliveries;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON of tasks as the console reads them. */
@Component
public class TaskViews {

    private final AdapterDeliveries deliveries;
    private final TaskProperties properties;

    TaskViews(AdapterDeliveries deliveries, TaskProperties properties) {
        this.deliveries = deliveries;
        this.properties = properties;
    }

    /**
     * One task with its notice, instructions and whole evidence history, the delivery status the stream shows, and
     * for an accepted task its permalink (the evidence URL, else this task's console page).
     */
    public Map<String, Object> full(ManualTask task) {
        String status = deliveries.find(task.deliveryId()).map(s -> s.status().name()).orElse(null);
        String permalink = task.state() != TaskState.ACCEPTED ? null : task.latestEvidence()
                .map(e -> e.url() != null ? e.url() : properties.consolePage(task.deliveryId())).orElse(null);
        return full(task, status, permalink);
    }

    /** A line of a list: no notice text, no evidence details. */
    public static Map<String, Object> summary(ManualTask task) {
        Map<String, Object> view = head(task);
        view.put("evidenceCount", task.evidence().size());
        task.latestEvidence().ifPresent(e -> view.put("lastSubmittedAt", e.submittedAt()));
        return view;
    }

    static Map<String, Object> full(ManualTask task, String deliveryStatus, String permalink) {
        Map<String, Object> view = head(task);
        view.put("deliveryStatus", deliveryStatus);
        view.put("instructions", TaskStatuses.instructions(task));
        if (task.notice() != null) {
            Map<String, Object> notice = new LinkedHashMap<>();
            notice.put("title", task.notice().title());
            notice.put("text", task.notice().text());
            notice.put("summary", task.notice().summary());
            notice.put("attachments", task.notice().attachments());
            view.put("notice", notice);
        }
        if (task.state() == TaskState.ACCEPTED) {
            view.put("permalink", permalink);
        }
        view.put("cancelReason", task.cancelReason());
        view.put("cancelledAt", task.cancelledAt());
        view.put("evidence", task.evidence().stream().map(e -> evidence(task, e)).toList());
        return view;
    }

    private static Map<String, Object> head(ManualTask task) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("deliveryId", task.deliveryId());
        view.put("campaignId", task.campaignId());
        view.put("campaignCode", task.campaignCode());
        view.put("campaignTitle", task.notice() == null ? null : task.notice().title());
        view.put("agencyId", task.agencyId());
        view.put("issuingAgencyId", task.issuingAgencyId());
        view.put("endpointId", task.endpointId());
        view.put("endpointName", task.endpointName());
        view.put("kind", task.kind());
        view.put("window", task.window());
        view.put("deadline", task.deadline());
        view.put("priority", task.priority());
        view.put("state", task.state());
        view.put("attempt", task.attempt());
        view.put("stateChangedAt", task.stateChangedAt());
        view.put("windowEndedAt", task.windowEndedAt());
        view.put("createdAt", task.createdAt());
        view.put("updatedAt", task.updatedAt());
        return view;
    }

    private static Map<String, Object> evidence(ManualTask task, ManualTask.Evidence e) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("evidenceId", e.evidenceId());
        view.put("attempt", e.attempt());
        view.put("url", e.url());
        view.put("note", e.note());
        view.put("publishedOn", e.publishedOn().toString());
        if (e.file() != null) {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("name", e.file().name());
            file.put("mediaType", e.file().mediaType());
            file.put("sizeBytes", e.file().sizeBytes());
            file.put("sha256", e.file().sha256());
            file.put("href", "/api/manual/tasks/" + task.deliveryId() + "/evidence/" + e.evidenceId() + "/file");
            view.put("file", file);
        } else {
            view.put("file", null);
        }
        view.put("submittedBy", e.submittedBy());
        if (e.submittedByName() != null) {
            view.put("submittedByName", e.submittedByName());
        }
        view.put("submittedAt", e.submittedAt());
        view.put("review", e.review() == null ? null : review(e.review()));
        return view;
    }

    private static Map<String, Object> review(ManualTask.Review r) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("decision", r.decision());
        view.put("reason", r.reason());
        view.put("by", r.by());
        if (r.byName() != null) {
            view.put("byName", r.byName());
        }
        view.put("at", r.at());
        return view;
    }

    static List<Map<String, Object>> summaries(List<ManualTask> tasks) {
        return tasks.stream().map(TaskViews::summary).toList();
    }
}
