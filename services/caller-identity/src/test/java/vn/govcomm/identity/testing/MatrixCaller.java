package vn.govcomm.identity.testing;

import java.util.List;
import java.util.Map;

/**
 * One caller of an access-matrix test: the headers it sends (a caller token, forged identity headers or nothing)
 * and, for the callers every service refuses before any handler, the problem code expected with the 401.
 */
public record MatrixCaller(String name, String user, Map<String, String> headers, String refusalCode) {

    @Override
    public String toString() {
        return name;
    }

    /** A valid caller token for {@code audience}: {@code role} of {@code agency} (user {@code role.agency}). */
    public static MatrixCaller token(String audience, String role, String agency, String ownAgency) {
        String user = role + "." + agency;
        return new MatrixCaller(role + " of " + (ownAgency.equals(agency) ? "own agency " : "another agency ") + agency,
                user, Map.of("Authorization", TestCallers.bearer(audience, user, agency, role)), null);
    }

    /**
     * The four callers every service answers 401 whatever the endpoint: no token, forged {@code X-User-*} headers
     * without a token, an admin token signed by a foreign key, an admin token for {@code otherAudience}.
     */
    public static List<MatrixCaller> unauthenticated(String audience, String otherAudience, String agency) {
        return List.of(
                new MatrixCaller("no token", null, Map.of(), "unauthenticated"),
                new MatrixCaller("forged X-User-* headers without a token", null,
                        Map.of("X-User-Id", "eve", "X-User-Roles", "admin", "X-User-Agency", agency), "unauthenticated"),
                new MatrixCaller("admin token signed by a foreign key", null,
                        Map.of("Authorization", TestCallers.foreignBearer(audience, "eve", agency, "admin")), "invalid-token"),
                new MatrixCaller("admin token for " + otherAudience, null,
                        Map.of("Authorization", TestCallers.bearer(otherAudience, "eve", agency, "admin")), "invalid-token"));
    }
}
