package vn.govcomm.gateway.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * {@code govcomm.security.*}.
 *
 * @param trustIdentityHeaders TEST/LOCAL ONLY: a request without a token keeps the X-User-* headers it came with
 *                             (the launcher's tests use this until they obtain tokens). Never in production.
 * @param issuerUri            OIDC issuer (e.g. Keycloak realm URL); blank = the built-in local issuer
 * @param claims               where user id, roles and agency are in the token
 * @param publicPaths          paths passed on without a user (portals, screens and webhooks check their own credentials)
 * @param rules                coarse role rules checked at the gateway; the services enforce the fine ones
 * @param localIssuer          the built-in issuer with demo users (used when issuerUri is blank)
 * @param consoleClient        the console's OIDC client (authorization-code sign-in; used when issuerUri is set)
 */
@ConfigurationProperties("govcomm.security")
public record SecurityProperties(
        @DefaultValue("false") boolean trustIdentityHeaders,
        String issuerUri,
        @DefaultValue Claims claims,
        @DefaultValue List<String> publicPaths,
        @DefaultValue List<AccessRule> rules,
        @DefaultValue LocalIssuerProperties localIssuer,
        @DefaultValue ConsoleClient consoleClient) {

    public boolean usesLocalIssuer() {
        return issuerUri == null || issuerUri.isBlank();
    }

    /** Claim names; {@code roles} may be a dotted path such as {@code realm_access.roles} (Keycloak). */
    public record Claims(@DefaultValue("preferred_username") String userId,
                         @DefaultValue("name") String displayName,
                         @DefaultValue("roles") String roles,
                         @DefaultValue("agency") String agency) {
    }

    /** Requests matching {@code methods} (empty = all) and {@code path} (Ant-style) need one of {@code roles}. */
    public record AccessRule(@DefaultValue List<String> methods, String path, List<String> roles) {
    }

    /**
     * The console as a confidential OIDC client of {@code issuerUri} (client_secret_basic).
     *
     * @param redirectUri           the callback URL registered at the provider; blank = derived from the request
     *                              ({@code <scheme>://<host>/console/login/callback})
     * @param postLogoutRedirectUri where the provider sends the browser after sign-out; blank = derived
     *                              ({@code /console/signed-out})
     * @param scopes                requested scopes, space separated ({@code openid} is always included)
     * @param loginTimeout          how long a started sign-in may take before its state expires
     */
    public record ConsoleClient(String clientId, String clientSecret, String redirectUri, String postLogoutRedirectUri,
                                @DefaultValue("openid profile") String scopes,
                                @DefaultValue("PT10M") Duration loginTimeout) {

        public boolean configured() {
            return clientId != null && !clientId.isBlank() && clientSecret != null && !clientSecret.isBlank();
        }
    }

    public record LocalIssuerProperties(@DefaultValue("http://localhost:8080") String issuer,
                                        @DefaultValue("PT8H") Duration tokenLifetime,
                                        @DefaultValue List<DemoUser> users) {
    }

    /** A demo user of the local issuer; also usable as an OAuth2 client (client_id = username). */
    public record DemoUser(String username, String password, String displayName, List<String> roles, String agency) {
    }
}
