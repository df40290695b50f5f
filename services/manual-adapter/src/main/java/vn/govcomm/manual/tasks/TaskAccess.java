package vn.govcomm.manual.tasks;

import org.springframework.stereotype.Component;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.security.Access;

/**
 * Who may do what with a task (README, access matrix). Every endpoint needs the role OFFICER, APPROVER or ADMIN
 * (403 otherwise). A task is seen by officers and approvers of its target agency and of its issuing agency, and by
 * admins; to anyone else it answers 404 like a task that does not exist. Evidence is the target agency's to send,
 * the review the issuing agency's (or an admin's): seeing the task but not being the one to act is 403.
 */
@Component
public class TaskAccess {

    private final ManualTasks tasks;

    TaskAccess(ManualTasks tasks) {
        this.tasks = tasks;
    }

    /** 403 unless the caller has a role that uses this API. */
    public static void requireUser(Caller caller) {
        Access.requireRole(caller, Caller.OFFICER, Caller.APPROVER, Caller.ADMIN);
    }

    /** The task if the caller may see it; 404 otherwise (also for an unknown id). */
    public ManualTask visible(Caller caller, String deliveryId) {
        requireUser(caller);
        return tasks.find(deliveryId).filter(task -> sees(caller, task))
                .orElseThrow(() -> Access.notFound("task " + deliveryId));
    }

    public static boolean sees(Caller caller, ManualTask task) {
        return caller.isAdmin() || isTarget(caller, task) || isIssuer(caller, task);
    }

    /** An officer or approver of the agency that must publish. */
    public static boolean isTarget(Caller caller, ManualTask task) {
        return caller.actsFor(task.agencyId());
    }

    /** An officer or approver of the agency that issued the campaign (absent from older requests: admins only). */
    public static boolean isIssuer(Caller caller, ManualTask task) {
        return task.issuingAgencyId() != null && caller.actsFor(task.issuingAgencyId());
    }
}
