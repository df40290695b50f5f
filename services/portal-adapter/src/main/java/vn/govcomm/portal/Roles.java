package vn.govcomm.portal;

import org.springframework.http.HttpStatus;
import vn.govcomm.kit.web.ApiProblem;

import java.util.Arrays;
import java.util.Set;

/** Officers' APIs trust the gateway's {@code X-User-Roles} header (docs/CONVENTIONS.md, Identity). */
public final class Roles {

    public static final String HEADER = "X-User-Roles";
    private static final Set<String> ANY_USER = Set.of("officer", "approver", "admin", "viewer");

    private Roles() {
    }

    public static void requireAdmin(String roles) {
        require(roles, Set.of("admin"));
    }

    public static void requireUser(String roles) {
        require(roles, ANY_USER);
    }

    private static void require(String roles, Set<String> allowed) {
        if (roles == null || roles.isBlank()) {
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "not-authenticated",
                    "Chưa đăng nhập. / Not authenticated.");
        }
        if (Arrays.stream(roles.split(",")).map(String::trim).noneMatch(allowed::contains)) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "forbidden",
                    "Bạn không có quyền thực hiện thao tác này. / You are not allowed to do this.");
        }
    }
}
