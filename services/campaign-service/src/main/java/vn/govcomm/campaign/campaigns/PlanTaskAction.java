package vn.govcomm.campaign.campaigns;

import org.springframework.http.HttpStatus;
import vn.govcomm.campaign.plans.PlanManagement.TaskRef;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.web.ApiProblem;

import java.util.ArrayList;
import java.util.List;

/**
 * What a caller may do with a plan task, as {@link CampaignAction} is for a campaign: one rule per action, enforced where
 * the action happens and answered as {@code allowedActions} (each task of {@code GET /api/plans/{id}}) by the same
 * checks, so the console never copies it.
 */
enum PlanTaskAction {
    /** Draft a campaign of the caller's agency linked to the task: who may create ({@link CampaignAccess}) and link. */
    CREATE_CAMPAIGN("create-campaign");

    /** The reason of {@code plan-task-not-yours}, here and as the field problem of a campaign linking the task. */
    static final String NOT_YOURS_VI =
            "Chỉ cơ quan ban hành kế hoạch hoặc cơ quan chủ trì nhiệm vụ được liên kết chiến dịch với nhiệm vụ này";
    static final String NOT_YOURS_EN =
            "Only the plan's issuing agency or the task's lead agency can link a campaign to this task";

    /** The name in {@code allowedActions}. */
    final String wireName;

    PlanTaskAction(String wireName) {
        this.wireName = wireName;
    }

    /**
     * Refuses unless the caller may take this action on the task, with the checks that enforce it: creating a campaign
     * of the caller's agency ({@link CampaignAccess#requireCreate}, as {@code POST /api/campaigns}) linked to the task
     * ({@code TaskRef.linkableFrom}, as {@link CampaignValidation}'s {@code plan-task-not-yours}).
     */
    void requireAccess(Caller caller, TaskRef task) {
        switch (this) {
            case CREATE_CAMPAIGN -> {
                CampaignAccess.requireCreate(caller, caller.agencyId());
                if (!task.linkableFrom(caller.agencyId())) {
                    throw new ApiProblem(HttpStatus.FORBIDDEN, "plan-task-not-yours", NOT_YOURS_VI + ". / " + NOT_YOURS_EN + ".");
                }
            }
        }
    }

    /** The actions {@code caller} may take on {@code task} now: those whose checks above pass. */
    static List<String> allowed(Caller caller, TaskRef task) {
        List<String> out = new ArrayList<>();
        for (PlanTaskAction action : values()) {
            try {
                action.requireAccess(caller, task);
                out.add(action.wireName);
            } catch (ApiProblem refused) {
                // not this caller's to take
            }
        }
        return out;
    }
}
