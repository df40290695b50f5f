package vn.govcomm.campaign.templates;

import org.springframework.http.HttpStatus;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.web.ApiProblem;

/**
 * Who may do what with a template:
 * <ul>
 *   <li>read: users (with a platform role) of the owning agency, admins, and for a shared template everybody signed in;
 *       anybody else gets 404 (not revealed);</li>
 *   <li>create, replace, delete: officers of the owning agency (403 with the reason otherwise);</li>
 *   <li>share with the whole province or stop sharing: admins;</li>
 *   <li>create a draft from it: officers who read it; the draft is their own agency's.</li>
 * </ul>
 */
final class TemplateAccess {

    private TemplateAccess() {
    }

    static boolean canRead(Caller caller, Template t) {
        return t.shared() || caller.isAdmin() || (caller.belongsTo(t.agencyId()) && !caller.roles().isEmpty());
    }

    static ApiProblem notFound(String id) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "template-not-found",
                "Không tìm thấy mẫu " + id + ". / Template " + id + " not found.");
    }

    /** An officer of an agency: creates templates for it and drafts from templates. */
    static void requireOfficer(Caller caller) {
        if (!caller.hasRole(Caller.OFFICER)) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "officer-role-required",
                    "Cần vai trò officer để soạn mẫu hoặc chiến dịch. / The officer role is needed to write templates "
                            + "and campaigns.");
        }
        if (caller.agencyId() == null) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "not-your-agency",
                    "Cần thuộc một cơ quan. / Only users of an agency can do this.");
        }
    }

    static void requireWrite(Caller caller, Template t) {
        if (!caller.belongsTo(t.agencyId())) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "not-your-agency",
                    "Chỉ cán bộ của cơ quan sở hữu được sửa mẫu. / Only officers of the owning agency can change this "
                            + "template.");
        }
        requireOfficer(caller);
    }

    static void requireAdmin(Caller caller) {
        if (!caller.isAdmin()) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "admin-role-required",
                    "Chỉ quản trị viên được chia sẻ mẫu toàn tỉnh. / Only admins can share templates province-wide.");
        }
    }
}
