package vn.govcomm.gateway.console;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import vn.govcomm.gateway.console.PlatformApi.ApiFailure;
import vn.govcomm.gateway.console.PlatformApi.Service;
import vn.govcomm.gateway.security.Identity;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Plan tasks as the wizard and the campaign page need them: the tasks a user may link a campaign to, and the task a
 * campaign belongs to. Whether the user may is the campaign service's to say: each task of {@code GET /api/plans/{id}}
 * carries {@code allowedActions}, computed by the checks that refuse a link ({@code plan-task-not-yours}); the console
 * only reads it to decide which buttons and choices to offer.
 */
@Component
class PlanTasks {

    /** The action in a task's {@code allowedActions} that offers "create a campaign for this task". */
    static final String CREATE_CAMPAIGN = "create-campaign";

    private final PlatformApi api;

    PlanTasks(PlatformApi api) {
        this.api = api;
    }

    /** Whether the campaign service lets the user (whose answer {@code task} is) draft a campaign for the task. */
    static boolean mayCreateCampaign(JsonNode task) {
        return task.path("allowedActions").valueStream().anyMatch(a -> CREATE_CAMPAIGN.equals(a.asString("")));
    }

    /** The plan a task belongs to: task ids are {@code <planId>-tNN} (the campaign service derives them so). */
    static String planIdOf(String taskId) {
        int cut = taskId == null ? -1 : taskId.lastIndexOf("-t");
        return cut <= 0 ? null : taskId.substring(0, cut);
    }

    /** The task {@code taskId} with its plan, when the user may read the plan. */
    Optional<Task> find(Identity me, String taskId) {
        String planId = planIdOf(taskId);
        if (planId == null) {
            return Optional.empty();
        }
        try {
            return api.getIfKnown(Service.CAMPAIGNS, me, "/api/plans/{id}", planId).flatMap(plan -> {
                for (JsonNode task : plan.path("tasks")) {
                    if (taskId.equals(task.path("id").asString())) {
                        return Optional.of(Task.of(plan, task));
                    }
                }
                return Optional.empty();
            });
        } catch (ApiFailure e) {
            return Optional.empty();
        }
    }

    /**
     * The wizard's choices: the tasks of this year's plans (in Vietnam) the user may link to, and those of the plan of
     * {@code current} (the task preset by a plan's button or already linked), so that choice is never lost. Empty
     * when the plans cannot be read: the field is optional.
     */
    List<Task> linkable(Identity me, String current) {
        Set<String> planIds = new LinkedHashSet<>();
        try {
            int year = LocalDate.now(ConsoleWords.VIETNAM).getYear();
            api.get(Service.CAMPAIGNS, me, "/api/plans?year={y}", year).forEach(p -> {
                if (!p.path("id").asString("").isBlank()) {
                    planIds.add(p.path("id").asString());
                }
            });
        } catch (ApiFailure e) {
            // no choices offered; the campaign can still be saved without a task
        }
        String currentPlan = planIdOf(current);
        if (currentPlan != null) {
            planIds.add(currentPlan);
        }
        List<Task> choices = new ArrayList<>();
        for (String planId : planIds) {
            try {
                api.getIfKnown(Service.CAMPAIGNS, me, "/api/plans/{id}", planId).ifPresent(plan -> plan.path("tasks")
                        .forEach(task -> {
                            if (mayCreateCampaign(task) || task.path("id").asString().equals(current)) {
                                choices.add(Task.of(plan, task));
                            }
                        }));
            } catch (ApiFailure e) {
                // that plan is left out
            }
        }
        return choices;
    }

    /** A task with what names it: its plan's id and title, its number and title. */
    public record Task(String planId, String planTitle, int year, String id, int number, String title) {
        static Task of(JsonNode plan, JsonNode task) {
            return new Task(plan.path("id").asString(), plan.path("title").asString(""), plan.path("year").asInt(),
                    task.path("id").asString(), task.path("number").asInt(), task.path("title").asString(""));
        }

        /** "28. Tổ chức Hội nghị…": the number and the title, cut for a select. */
        public String label() {
            String t = title.length() > 110 ? title.substring(0, 110).strip() + "…" : title;
            return number + ". " + t;
        }
    }
}
