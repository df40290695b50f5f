package vn.govcomm.gateway.security;

import vn.govcomm.identity.CallerTokenSigner;

import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;

/**
 * Mints the caller token ({@link vn.govcomm.identity.CallerToken}) the services believe: signed with the gateway's
 * key ({@code govcomm.security.caller-token.signing-key}), for the service behind a route
 * ({@code govcomm.security.caller-token.audiences}: route id → service name, the one place of that mapping), saying
 * who the verified user is. A user's own access token never leaves the gateway.
 */
public class CallerTokens {

    private final CallerTokenSigner signer;
    private final Map<String, String> audiences;

    CallerTokens(CallerTokenSigner signer, Map<String, String> audiences) {
        this.signer = signer;
        this.audiences = Map.copyOf(audiences);
    }

    /** @throws IllegalStateException naming the routes that have no audience (the gateway then does not start) */
    void requireAudiencesFor(Collection<String> routeIds) {
        TreeSet<String> missing = new TreeSet<>(routeIds);
        missing.removeAll(audiences.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalStateException("No caller-token audience for route(s) " + missing
                    + ": add them to govcomm.security.caller-token.audiences (route id: service name)");
        }
    }

    /** The service behind a route; a route without one never gets a token (fails closed). */
    public String audience(String routeId) {
        String audience = routeId == null ? null : audiences.get(routeId);
        if (audience == null) {
            throw new IllegalStateException("No caller-token audience for route " + routeId);
        }
        return audience;
    }

    /**
     * {@code Bearer <caller token>} for the service behind {@code routeId}, for this user, with their display name
     * (the provider's name claim; left out when the provider gave none: {@link TokenVerifier} then falls back to the
     * id, which a service must not record as a name).
     */
    public String bearer(String routeId, Identity who) {
        String name = who.displayName() == null || who.displayName().equals(who.userId()) ? null : who.displayName();
        return "Bearer " + signer.mint(audience(routeId), who.userId(), name, who.roles(), who.agency());
    }
}
