package vn.govcomm.gateway.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code govcomm.security.*}.
 *
 * @param issuerUri     OIDC issuer (e.g. Keycloak realm URL), env {@code OIDC_ISSUER_URI}; blank = none (then the
 *                      local issuer must be enabled explicitly, or the gateway does not start)
 * @param audience      what a user's access token must name in {@code aud} (env {@code OIDC_AUDIENCE}, default
 *                      {@code govcomm-api}); the local issuer issues it
 * @param claims        where user id, roles and agency are in the token
 * @param publicPaths   the allow-list: (decoded) paths served without a verified user. Everything else needs one
 * @param rules         coarse role rules checked at the gateway; the services enforce the fine ones
 * @param localIssuer   the built-in issuer with demo users (local runs only, {@code enabled} explicitly)
 * @param consoleClient the console's OIDC client (authorization-code sign-in; used when issuerUri is set)
 * @param callerToken   the caller tokens the gateway signs for the services
 */
@ConfigurationProperties("govcomm.security")
public record SecurityProperties(
        String issuerUri,
        @DefaultValue("govcomm-api") String audience,
        @DefaultValue Claims claims,
        @DefaultValue List<String> publicPaths,
        @DefaultValue List<AccessRule> rules,
        @DefaultValue LocalIssuerProperties localIssuer,
        @DefaultValue ConsoleClient consoleClient,
        @DefaultValue CallerTokenProperties callerToken) {

    public boolean hasOidcIssuer() {
        return issuerUri != null && !issuerUri.isBlank();
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

    /**
     * The built-in demo issuer (LOCAL RUNS ONLY).
     *
     * @param enabled env {@code GOVCOMM_LOCAL_ISSUER=true}; off by default, and off whenever an OIDC issuer is set
     * @param issuer  the {@code iss} of its tokens, env {@code GOVCOMM_LOCAL_ISSUER_URI}
     */
    public record LocalIssuerProperties(@DefaultValue("false") boolean enabled,
                                        @DefaultValue("http://localhost:8080") String issuer,
                                        @DefaultValue("PT8H") Duration tokenLifetime,
                                        @DefaultValue List<DemoUser> users) {
    }

    /** A demo user of the local issuer; also usable as an OAuth2 client (client_id = username). */
    public record DemoUser(String username, String password, String displayName, List<String> roles, String agency) {
    }

    /**
     * @param signingKey the gateway's private EC JWK (JSON), env {@code CALLER_TOKEN_SIGNING_KEY}; required
     * @param audiences  route id → the service behind it (its {@code spring.application.name}), the audience of the
     *                   caller tokens minted for that route; every route must have one
     */
    public record CallerTokenProperties(String signingKey, @DefaultValue Map<String, String> audiences) {
    }
}
