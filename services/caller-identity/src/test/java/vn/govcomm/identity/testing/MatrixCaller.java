package vn.govcomm.identity.testing;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One caller of an access-matrix test: the headers it sends (a caller token, forged identity headers or nothing)
 * and, for the callers every service refuses before any handler, the problem code expected with the 401.
 * <p>
 * Headers are made when a cell runs, not when the cells are listed: a caller token lives 60 s
 * ({@code CallerToken.LIFETIME}), and a matrix of many cells on a loaded machine runs longer than that.
 */
public record MatrixCaller(String name, String user, Supplier<Map<String, String>> headerSource, String refusalCode) {

    /** The headers to send, made now. */
    public Map<String, String> headers() {
        return headerSource.get();
    }

    @Override
    public String toString() {
        return name;
    }

    /** A valid caller token for {@code audience}: {@code role} of {@code agency} (user {@code role.agency}). */
    public static MatrixCaller token(String audience, String role, String agency, String ownAgency) {
        String user = role + "." + agency;
        return new MatrixCaller(role + " of " + (ownAgency.equals(agency) ? "own agency " : "another agency ") + agency,
                user, () -> Map.of("Authorization", TestCallers.bearer(audience, user, agency, role)), null);
    }

    /**
     * The four callers every service answers 401 whatever the endpoint: no token, forged {@code X-User-*} headers
     * without a token, an admin token signed by a foreign key, an admin token for {@code otherAudience}.
     */
    public static List<MatrixCaller> unauthenticated(String audience, String otherAudience, String agency) {
        return List.of(
                new MatrixCaller("no token", null, Map::of, "unauthenticated"),
                new MatrixCaller("forged X-User-* headers without a token", null,
                        () -> Map.of("X-User-Id", "eve", "X-User-Roles", "admin", "X-User-Agency", agency), "unauthenticated"),
                new MatrixCaller("admin token signed by a foreign key", null,
                        () -> Map.of("Authorization", TestCallers.foreignBearer(audience, "eve", agency, "admin")),
                        "invalid-token"),
                new MatrixCaller("admin token for " + otherAudience, null,
                        () -> Map.of("Authorization", TestCallers.bearer(otherAudience, "eve", agency, "admin")),
                        "invalid-token"));
    }
}
