package vn.govcomm.campaign.campaigns;

import org.springframework.http.HttpStatus;
import vn.govcomm.campaign.directory.Tenancy;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.web.ApiProblem;

/**
 * Who may do what with a campaign. The {@link Caller} is the one the service-kit verified from the gateway's caller
 * token (a request without a valid token for this service never reaches a controller):
 * <ul>
 *   <li>read: users of the issuing agency; admins read all agencies' campaigns, province-wide viewers those of their
 *       province's agencies ({@link Tenancy});</li>
 *   <li>create and edit: officers of the issuing agency;</li>
 *   <li>submit: the author or an officer of the issuing agency;</li>
 *   <li>approve and reject: approvers of the issuing agency who neither wrote nor last edited it (four eyes);</li>
 *   <li>cancel: the author, officers and approvers of the issuing agency.</li>
 * </ul>
 * Users of another agency get 404 (reads do not reveal that the campaign exists); the right agency without the
 * right role gets 403.
 */
final class CampaignAccess {

    private CampaignAccess() {
    }

    static boolean canRead(Caller caller, Campaign c, Tenancy tenancy) {
        return caller.belongsTo(c.getIssuingAgencyId()) || tenancy.readsAcross(caller, c.getIssuingAgencyId());
    }

    static void requireCreate(Caller caller, String issuingAgencyId) {
        requireRole(caller, Caller.OFFICER, "soạn chiến dịch / draft campaigns");
        if (issuingAgencyId != null && !caller.belongsTo(issuingAgencyId)) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "not-your-agency",
                    "Cán bộ chỉ soạn chiến dịch cho cơ quan của mình. / Officers draft campaigns for their own agency only.");
        }
    }

    static void requireEdit(Caller caller, Campaign c) {
        requireOwnAgency(caller, c);
        requireRole(caller, Caller.OFFICER, "sửa chiến dịch / edit campaigns");
    }

    static void requireSubmit(Caller caller, Campaign c) {
        requireOwnAgency(caller, c);
        if (!caller.userId().equals(c.getCreatedBy())) {
            requireRole(caller, Caller.OFFICER, "trình duyệt / submit campaigns");
        }
    }

    static void requireDecide(Caller caller, Campaign c, String action) {
        requireOwnAgency(caller, c);
        if (!caller.hasRole(Caller.APPROVER)) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "approver-role-required",
                    "Chỉ người có quyền phê duyệt mới được " + (action.equals("approve") ? "phê duyệt" : "từ chối")
                            + ". / Only an approver can " + action + ".");
        }
        if (caller.userId().equals(c.getCreatedBy()) || caller.userId().equals(c.getLastEditedBy())) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "four-eyes",
                    "Người soạn không được tự phê duyệt. / The author cannot approve their own campaign.");
        }
    }

    static void requireCancel(Caller caller, Campaign c) {
        requireOwnAgency(caller, c);
        if (!caller.userId().equals(c.getCreatedBy()) && !caller.hasRole(Caller.OFFICER)
                && !caller.hasRole(Caller.APPROVER)) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "officer-or-approver-required",
                    "Chỉ cán bộ hoặc người phê duyệt của cơ quan ban hành được hủy. / Only the issuing agency's officers"
                            + " or approvers can cancel.");
        }
    }

    /** Province-wide readers may see another agency's campaign but not change it. */
    private static void requireOwnAgency(Caller caller, Campaign c) {
        if (!caller.belongsTo(c.getIssuingAgencyId())) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "not-your-agency",
                    "Chỉ người dùng của cơ quan ban hành được thay đổi chiến dịch. / Only users of the issuing agency"
                            + " can change this campaign.");
        }
    }

    private static void requireRole(Caller caller, String role, String what) {
        if (!caller.hasRole(role)) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, role + "-role-required",
                    "Cần vai trò " + role + " để " + what.split(" / ")[0] + ". / The " + role + " role is needed to "
                            + what.split(" / ")[1] + ".");
        }
    }
}
