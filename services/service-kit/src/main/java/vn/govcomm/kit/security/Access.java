package vn.govcomm.kit.security;

import org.springframework.http.HttpStatus;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.web.ApiProblem;

import java.util.Set;

/**
 * The refusals every service answers the same way: a role that may not do this → 403 {@code forbidden}; something
 * of another agency → 404 {@code not-found} (its existence is not revealed), as the campaign service does.
 */
public final class Access {

    private Access() {
    }

    /** 403 unless the caller has one of {@code roles}. */
    public static void requireRole(Caller caller, String... roles) {
        if (!caller.hasAnyRole(Set.of(roles))) {
            throw forbidden();
        }
    }

    public static void requireAdmin(Caller caller) {
        requireRole(caller, Caller.ADMIN);
    }

    public static ApiProblem forbidden() {
        return new ApiProblem(HttpStatus.FORBIDDEN, "forbidden",
                "Vai trò của bạn không được phép thực hiện thao tác này. / Your role does not allow this.");
    }

    /** What to throw for something the caller may not see: the same answer as for something that does not exist. */
    public static ApiProblem notFound(String what) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "not-found",
                "Không tìm thấy. / Not found: " + what + ".");
    }
}
