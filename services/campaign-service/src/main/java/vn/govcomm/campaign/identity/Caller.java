package vn.govcomm.campaign.identity;

import java.util.Set;

/**
 * Who is calling. The gateway authenticates users and forwards their identity in headers
 * ({@code X-User-Id}, {@code X-User-Roles}, {@code X-User-Agency}); services do not trust other sources.
 * {@code agencyId} may be null for a user the gateway sent without an agency (then the user may only read
 * what is open to everybody, and change nothing).
 */
public record Caller(String userId, Set<String> roles, String agencyId, boolean provinceWide) {

    public static final String OFFICER = "officer";
    public static final String APPROVER = "approver";
    public static final String ADMIN = "admin";
    public static final String VIEWER = "viewer";

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean isAdmin() {
        return hasRole(ADMIN);
    }

    public boolean belongsTo(String agency) {
        return agencyId != null && agencyId.equals(agency);
    }

    /**
     * Reads every agency's campaigns: admins, and viewers of a province-wide oversight agency (the Department of
     * Home Affairs that reviews the reports, the Provincial People's Committee and its office). Read only.
     */
    public boolean readsAllAgencies() {
        return isAdmin() || (hasRole(VIEWER) && provinceWide);
    }
}
