package vn.govcomm.campaign.plans;

import org.springframework.http.HttpStatus;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.web.ApiProblem;

/**
 * Who may do what with a plan:
 * <ul>
 *   <li>read: users (any platform role) of the issuing agency or of a task's lead or co-ordinating agency; admins and
 *       province-wide viewers. Anybody else gets 404 (the plan is not revealed);</li>
 *   <li>create, replace: officers of the issuing agency (403 with the reason otherwise);</li>
 *   <li>import the demo plan: admins (403 otherwise).</li>
 * </ul>
 */
final class PlanAccess {

    private PlanAccess() {
    }

    static ApiProblem notFound(String id) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "plan-not-found",
                "Không tìm thấy kế hoạch " + id + ". / Plan " + id + " not found.");
    }

    static void requireWrite(Caller caller, String issuingAgencyId) {
        if (!caller.hasRole(Caller.OFFICER)) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "officer-role-required",
                    "Cần vai trò officer để lập hoặc sửa kế hoạch. / The officer role is needed to write plans.");
        }
        if (issuingAgencyId != null && !caller.belongsTo(issuingAgencyId)) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "not-your-agency",
                    "Chỉ cán bộ của cơ quan ban hành được lập hoặc sửa kế hoạch. / Only officers of the issuing agency"
                            + " can write this plan.");
        }
    }

    static void requireAdmin(Caller caller) {
        if (!caller.isAdmin()) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "admin-role-required",
                    "Chỉ quản trị viên được nạp kế hoạch mẫu. / Only admins can import the demo plan.");
        }
    }
}
