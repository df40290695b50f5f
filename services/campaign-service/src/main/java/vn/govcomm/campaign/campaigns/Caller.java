package vn.govcomm.campaign.campaigns;

import java.util.Set;

/**
 * Who is calling. The gateway authenticates users and forwards their identity in headers
 * ({@code X-User-Id}, {@code X-User-Roles}, {@code X-User-Agency}); services do not trust other sources.
 */
public record Caller(String userId, Set<String> roles, String agencyId) {

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
