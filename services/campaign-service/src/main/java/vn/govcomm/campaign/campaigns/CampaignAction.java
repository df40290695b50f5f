package vn.govcomm.campaign.campaigns;

import org.springframework.http.HttpStatus;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.web.ApiProblem;

import java.util.ArrayList;
import java.util.List;

/**
 * The actions an officer or approver takes on a campaign, each with its one rule: who ({@link CampaignAccess}) and from
 * which status. {@link CampaignManagement} enforces them through {@link #requireAccess} and {@link #requireState}, and
 * {@link #allowed} answers {@code allowedActions} with the very same checks, so the console never copies a rule.
 */
enum CampaignAction {
    EDIT("edit"), SUBMIT("submit"), APPROVE("approve"), REJECT("reject"), CANCEL("cancel"), COPY("copy");

    /** The name in {@code allowedActions}. */
    final String wireName;

    CampaignAction(String wireName) {
        this.wireName = wireName;
    }

    /** 403 (or the kit's 404 upstream for unreadable campaigns) unless the caller may take this action. */
    void requireAccess(Caller caller, Campaign c) {
        switch (this) {
            case EDIT -> CampaignAccess.requireEdit(caller, c);
            case SUBMIT -> CampaignAccess.requireSubmit(caller, c);
            case APPROVE -> CampaignAccess.requireDecide(caller, c, "approve");
            case REJECT -> CampaignAccess.requireDecide(caller, c, "reject");
            case CANCEL -> CampaignAccess.requireCancel(caller, c);
            case COPY -> {
                // the copy is a draft of the caller's own agency, whichever agency issued the original
                if (caller.agencyId() == null) {
                    throw new ApiProblem(HttpStatus.FORBIDDEN, "not-your-agency",
                            "Cần thuộc một cơ quan để sao chép chiến dịch. / Only users of an agency can copy campaigns.");
                }
                CampaignAccess.requireCreate(caller, caller.agencyId());
            }
        }
    }

    /**
     * Whether the action applies to a campaign in {@code status}: edit a draft or rejected one, or an approved one
     * (SCHEDULED, RUNNING) as a new version; submit a draft or rejected one; approve or reject a submitted one; cancel
     * anything not yet COMPLETED or CANCELLED; copy any campaign (last year's is usually COMPLETED).
     */
    boolean appliesTo(CampaignStatus status) {
        return switch (this) {
            case EDIT -> status.isEditable() || status == CampaignStatus.SCHEDULED || status == CampaignStatus.RUNNING;
            case SUBMIT -> status == CampaignStatus.DRAFT || status == CampaignStatus.REJECTED;
            case APPROVE, REJECT -> status == CampaignStatus.SUBMITTED;
            case CANCEL -> status != CampaignStatus.COMPLETED && status != CampaignStatus.CANCELLED;
            case COPY -> true;
        };
    }

    /** 409 unless the action applies to the campaign's status now. */
    void requireState(Campaign c) {
        CampaignStatus status = c.getStatus();
        if (appliesTo(status)) {
            return;
        }
        if (this == EDIT) {
            throw new ApiProblem(HttpStatus.CONFLICT, "not-editable",
                    "Không thể sửa chiến dịch ở trạng thái " + status + ". / A campaign in status " + status
                            + " cannot be edited.");
        }
        throw new ApiProblem(HttpStatus.CONFLICT, "invalid-transition",
                "Không thể thực hiện '" + wireName + "' khi chiến dịch đang ở trạng thái " + status
                        + ". / Cannot " + wireName + " a campaign in status " + status + ".");
    }

    /**
     * The actions {@code caller} may take on {@code c} right now: those whose checks above pass (the caller reads
     * {@code c}: who may not gets 404 before any action).
     */
    static List<String> allowed(Caller caller, Campaign c) {
        List<String> out = new ArrayList<>();
        for (CampaignAction action : values()) {
            if (!action.appliesTo(c.getStatus())) {
                continue;
            }
            try {
                action.requireAccess(caller, c);
                out.add(action.wireName);
            } catch (ApiProblem refused) {
                // not this caller's to take
            }
        }
        return out;
    }
}
