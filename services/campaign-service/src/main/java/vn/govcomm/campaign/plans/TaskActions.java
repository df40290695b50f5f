package vn.govcomm.campaign.plans;

import vn.govcomm.identity.Caller;

import java.util.List;

/**
 * What a caller may do with a plan task ({@code allowedActions} of each task in {@code GET /api/plans/{id}}), answered
 * by the feature that enforces it: the campaigns feature, which refuses a link with {@code plan-task-not-yours} and
 * computes the list with the same checks. Plans never reach into campaigns (campaigns depend on plans), hence the
 * interface here.
 */
public interface TaskActions {

    /** The actions {@code caller} may take on {@code task} now, e.g. {@code ["create-campaign"]}; empty for none. */
    List<String> allowed(Caller caller, PlanManagement.TaskRef task);
}
