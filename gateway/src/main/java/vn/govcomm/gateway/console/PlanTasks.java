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
 * campaign belongs to. Whether a campaign may link is the campaign service's rule ({@code plan-task-not-yours}: the
 * campaign's issuing agency, i.e. the officer's, is the plan's issuing agency or the task's lead agency); the console
 * only uses it to decide which buttons and choices to offer.
 */
@Component
class PlanTasks {

    private final PlatformApi api;

    PlanTasks(PlatformApi api) {
        this.api = api;
    }

    /** Whether to offer "create a campaign for this task": an officer of the plan's issuing agency or the task's lead. */
    boolean mayLink(Identity me, JsonNode plan, JsonNode task) {
        String agency = me.agency();
        return me.hasRole("officer") && agency != null
                && (agency.equals(plan.path("issuingAgencyId").asString(""))
                    || agency.equals(task.path("leadAgencyId").asString("")));
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
                            if (mayLink(me, plan, task) || task.path("id").asString().equals(current)) {
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
