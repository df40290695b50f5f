package vn.govcomm.gateway.security;

import java.util.List;

/** An authenticated user as the services see it: id, roles (officer, approver, admin, viewer) and agency. */
public record Identity(String userId, String displayName, List<String> roles, String agency) {

    public static final List<String> KNOWN_ROLES = List.of("officer", "approver", "admin", "viewer");

    public Identity {
        roles = roles == null ? List.of() : roles.stream().filter(KNOWN_ROLES::contains).distinct().toList();
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean hasAnyRole(List<String> wanted) {
        return wanted.stream().anyMatch(roles::contains);
    }
}
