package vn.govcomm.identity;

import java.util.Collection;
import java.util.Set;

/**
 * Who is calling a service, as the gateway vouched for it in a {@link CallerToken}. Services never build one from
 * headers a client could send.
 *
 * @param userId       the user (the identity provider's user name)
 * @param roles        platform roles only ({@link #ROLES}); anything else was dropped
 * @param agencyId     the user's agency, or null (then the user may only read what is open to everybody)
 * @param provinceWide the agency is a province-wide oversight agency (its viewers read every agency's campaigns)
 * @param displayName  the user's name for people to read ("Nguyễn Văn An"), as the identity provider gave it and
 *                     {@link CallerToken#cleanDisplayName cleaned}; null when the provider gave none. Never for
 *                     decisions (those use {@code userId}), only to record who did something in people's words
 */
public record Caller(String userId, Set<String> roles, String agencyId, boolean provinceWide, String displayName) {

    public static final String OFFICER = "officer";
    public static final String APPROVER = "approver";
    public static final String ADMIN = "admin";
    public static final String VIEWER = "viewer";
    /** The platform's roles; other role names in a token grant nothing. */
    public static final Set<String> ROLES = Set.of(OFFICER, APPROVER, ADMIN, VIEWER);

    public Caller {
        roles = Set.copyOf(roles);
        displayName = CallerToken.cleanDisplayName(displayName);
    }

    /** A caller without a display name (as in a token minted before names were carried). */
    public Caller(String userId, Set<String> roles, String agencyId, boolean provinceWide) {
        this(userId, roles, agencyId, provinceWide, null);
    }

    /** The name to show people: the display name, or the user id when there is none. */
    public String displayNameOrId() {
        return displayName != null ? displayName : userId;
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean hasAnyRole(Collection<String> wanted) {
        return wanted.stream().anyMatch(roles::contains);
    }

    public boolean isAdmin() {
        return hasRole(ADMIN);
    }

    public boolean belongsTo(String agency) {
        return agencyId != null && agencyId.equals(agency);
    }

    /** Officers and approvers act for their agency (create, resend, ...); admins and viewers do not. */
    public boolean actsFor(String agency) {
        return belongsTo(agency) && (hasRole(OFFICER) || hasRole(APPROVER));
    }

    /**
     * Reads what belongs to {@code agency}: its own users with a platform role, admins, and viewers of a
     * province-wide agency. A user without any platform role reads nothing.
     */
    public boolean reads(String agency) {
        return (belongsTo(agency) && !roles.isEmpty()) || readsAllAgencies();
    }

    /**
     * Reads every agency's campaigns: admins, and viewers of a province-wide oversight agency (the Department of
     * Home Affairs that reviews the reports, the Provincial People's Committee and its office). Read only.
     */
    public boolean readsAllAgencies() {
        return isAdmin() || (hasRole(VIEWER) && provinceWide);
    }
}
