package vn.govcomm.gateway.console;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.client.RestClient;
import vn.govcomm.gateway.security.Identity;
import vn.govcomm.gateway.security.SecurityProperties;
import vn.govcomm.gateway.security.TokenVerifier;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Set;

/**
 * The console's OpenID Connect sign-in (production, {@code OIDC_ISSUER_URI} set): authorization code flow with
 * PKCE (S256), {@code state} and {@code nonce}, the console being a confidential client (client_secret_basic).
 * <p>
 * The transient values of a sign-in in progress (state, nonce, code verifier, deadline) travel in a cookie
 * encrypted and authenticated with a key derived from the client secret (JWE dir/A256GCM), so any gateway replica
 * can finish a sign-in another one began and nobody can read or forge the verifier. The provider's answer is
 * checked in full: the ID token (signature against the provider's JWKS, issuer, audience = our client id, nonce,
 * expiry, by the Nimbus SDK's {@link IDTokenValidator}) and the access token with the same {@link TokenVerifier}
 * that guards the API; the access token then becomes the console session, as the local sign-in's token does.
 */
public class OidcSignIn {

    private static final Logger log = LoggerFactory.getLogger(OidcSignIn.class);
    /** The provider's ID tokens: the algorithms its access tokens may use (one list, {@link TokenVerifier}). */
    private static final Set<JWSAlgorithm> ALGORITHMS = TokenVerifier.OIDC_ALGORITHMS;

    private final String issuerUri;
    private final SecurityProperties.ConsoleClient client;
    private final TokenVerifier verifier;
    private final RestClient http;
    private final Clock clock;
    private final byte[] cookieKey;
    private volatile Provider provider;

    OidcSignIn(String issuerUri, SecurityProperties.ConsoleClient client, TokenVerifier verifier, RestClient http,
               Clock clock) {
        this.issuerUri = issuerUri.replaceAll("/$", "");
        this.client = client;
        this.verifier = verifier;
        this.http = http;
        this.clock = clock;
        this.cookieKey = client.configured() ? sha256("govcomm-console-sign-in\0" + client.clientSecret()) : null;
    }

    /** False when no client id/secret is configured: the console then cannot sign anyone in itself. */
    public boolean configured() {
        return client.configured();
    }

    /** Why a sign-in did not succeed; each has its own explanation page (console-messages: signin.error.*). */
    public enum Failure {
        ACCESS_DENIED(403), PROVIDER_ERROR(400), STATE_MISSING(400), STATE_MISMATCH(400), CODE_REJECTED(400),
        PROVIDER_UNAVAILABLE(502), ID_TOKEN_INVALID(401), ACCESS_TOKEN_INVALID(401), NO_ROLE(403), NOT_CONFIGURED(503);

        public final int status;

        Failure(int status) {
            this.status = status;
        }

        public String code() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    public static final class SignInFailed extends Exception {
        public final Failure failure;

        SignInFailed(Failure failure, String detail) {
            super(detail);
            this.failure = failure;
        }
    }

    /** Where to send the browser, and the encrypted cookie value remembering this attempt. */
    public record Start(URI authorizationUrl, String transientCookie, long cookieMaxAgeSeconds) {
    }

    /** A completed sign-in: the session token (the access token), how long it lasts, the ID token for sign-out. */
    public record Session(Identity identity, String accessToken, long maxAgeSeconds, String idToken) {
    }

    public Start start(URI redirectUri) throws SignInFailed {
        if (!configured()) {
            throw new SignInFailed(Failure.NOT_CONFIGURED, "OIDC_CLIENT_ID / OIDC_CLIENT_SECRET not set");
        }
        Provider p = provider();
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier codeVerifier = new CodeVerifier();
        Scope scope = Scope.parse(client.scopes());
        if (!scope.contains("openid")) {
            scope.add("openid");
        }
        URI authorize = new AuthenticationRequest.Builder(new ResponseType(ResponseType.Value.CODE), scope,
                new ClientID(client.clientId()), redirectUri)
                .endpointURI(p.metadata.getAuthorizationEndpointURI())
                .state(state).nonce(nonce).codeChallenge(codeVerifier, CodeChallengeMethod.S256)
                .build().toURI();
        Instant deadline = clock.instant().plus(client.loginTimeout());
        JWTClaimsSet pending = new JWTClaimsSet.Builder()
                .claim("state", state.getValue()).claim("nonce", nonce.getValue())
                .claim("verifier", codeVerifier.getValue()).claim("redirect", redirectUri.toString())
                .expirationTime(Date.from(deadline)).build();
        return new Start(authorize, encrypt(pending), client.loginTimeout().toSeconds());
    }

    /**
     * The provider's redirect back: {@code code} and {@code state}, or {@code error}. Checks the state against the
     * cookie, exchanges the code (with the PKCE verifier), validates both tokens, requires a platform role.
     */
    public Session complete(String code, String state, String error, String errorDescription, String transientCookie)
            throws SignInFailed {
        if (error != null && !error.isBlank()) {
            throw new SignInFailed("access_denied".equals(error) ? Failure.ACCESS_DENIED : Failure.PROVIDER_ERROR,
                    error + (errorDescription == null ? "" : ": " + errorDescription));
        }
        JWTClaimsSet pending = decrypt(transientCookie);
        String expected = (String) pending.getClaim("state");
        if (state == null || expected == null
                || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), state.getBytes(StandardCharsets.UTF_8))) {
            throw new SignInFailed(Failure.STATE_MISMATCH, "state does not match this browser's sign-in");
        }
        if (code == null || code.isBlank()) {
            throw new SignInFailed(Failure.PROVIDER_ERROR, "no code in the provider's answer");
        }
        Provider p = provider();
        OIDCTokenResponse tokens = exchange(p, code, (String) pending.getClaim("redirect"), (String) pending.getClaim("verifier"));
        JWT idToken = tokens.getOIDCTokens().getIDToken();
        if (idToken == null) {
            throw new SignInFailed(Failure.ID_TOKEN_INVALID, "the token response has no ID token");
        }
        try {
            p.idTokens.validate(idToken, new Nonce((String) pending.getClaim("nonce")));
        } catch (Exception e) {
            throw new SignInFailed(Failure.ID_TOKEN_INVALID, e.getMessage());
        }
        String accessToken = tokens.getOIDCTokens().getAccessToken().getValue();
        Identity identity;
        try {
            identity = verifier.verify(accessToken);
        } catch (TokenVerifier.InvalidTokenException e) {
            throw new SignInFailed(Failure.ACCESS_TOKEN_INVALID, e.getMessage());
        }
        if (identity.roles().isEmpty()) {
            throw new SignInFailed(Failure.NO_ROLE, identity.userId() + " has no platform role");
        }
        long maxAge = tokens.getOIDCTokens().getAccessToken().getLifetime();
        try {
            Date exp = JWTParser.parse(accessToken).getJWTClaimsSet().getExpirationTime();
            if (exp != null) {
                maxAge = Math.max(0, exp.toInstant().getEpochSecond() - clock.instant().getEpochSecond());
            }
        } catch (ParseException ignored) {
            // verified just above; cannot happen
        }
        return new Session(identity, accessToken, maxAge, idToken.getParsedString());
    }

    /** RP-initiated logout at the provider, when it advertises {@code end_session_endpoint}. */
    public Optional<URI> endSession(String idTokenHint, URI postLogoutRedirect) {
        Provider p;
        try {
            p = provider();
        } catch (SignInFailed e) {
            return Optional.empty();
        }
        URI endpoint = p.metadata.getEndSessionEndpointURI();
        if (endpoint == null) {
            return Optional.empty();
        }
        JWT hint = null;
        if (idTokenHint != null && !idTokenHint.isBlank()) {
            try {
                hint = JWTParser.parse(idTokenHint);
            } catch (ParseException e) {
                hint = null;
            }
        }
        return Optional.of(new LogoutRequest(endpoint, hint, null, new ClientID(client.clientId()), postLogoutRedirect,
                null, null).toURI());
    }

    public Optional<String> configuredRedirectUri() {
        return Optional.ofNullable(client.redirectUri()).filter(s -> !s.isBlank());
    }

    public Optional<String> configuredPostLogoutRedirectUri() {
        return Optional.ofNullable(client.postLogoutRedirectUri()).filter(s -> !s.isBlank());
    }

    private OIDCTokenResponse exchange(Provider p, String code, String redirect, String codeVerifier) throws SignInFailed {
        TokenRequest request = new TokenRequest(p.metadata.getTokenEndpointURI(),
                new ClientSecretBasic(new ClientID(client.clientId()), new Secret(client.clientSecret())),
                new AuthorizationCodeGrant(new AuthorizationCode(code), URI.create(redirect), new CodeVerifier(codeVerifier)));
        TokenResponse response;
        try {
            HTTPRequest httpRequest = request.toHTTPRequest();
            httpRequest.setConnectTimeout(5_000);
            httpRequest.setReadTimeout(10_000);
            response = OIDCTokenResponseParser.parse(httpRequest.send());
        } catch (IOException e) {
            throw new SignInFailed(Failure.PROVIDER_UNAVAILABLE, "token endpoint: " + e);
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new SignInFailed(Failure.PROVIDER_UNAVAILABLE, "token endpoint answer: " + e.getMessage());
        }
        if (response instanceof TokenErrorResponse err) {
            ErrorObject e = err.getErrorObject();
            // invalid_grant: a used, expired or foreign code (or a wrong verifier); 5xx: the provider failed.
            Failure f = e.getHTTPStatusCode() >= 500 ? Failure.PROVIDER_UNAVAILABLE : Failure.CODE_REJECTED;
            throw new SignInFailed(f, "token endpoint: " + e.getHTTPStatusCode() + " " + e.getCode() + " " + e.getDescription());
        }
        return (OIDCTokenResponse) response.toSuccessResponse();
    }

    private String encrypt(JWTClaimsSet claims) {
        try {
            EncryptedJWT jwt = new EncryptedJWT(new JWEHeader(JWEAlgorithm.DIR, EncryptionMethod.A256GCM), claims);
            jwt.encrypt(new DirectEncrypter(cookieKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private JWTClaimsSet decrypt(String cookie) throws SignInFailed {
        if (cookie == null || cookie.isBlank() || cookieKey == null) {
            throw new SignInFailed(Failure.STATE_MISSING, "no sign-in in progress in this browser");
        }
        try {
            EncryptedJWT jwt = EncryptedJWT.parse(cookie);
            jwt.decrypt(new DirectDecrypter(cookieKey));
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (claims.getExpirationTime() == null || claims.getExpirationTime().toInstant().isBefore(clock.instant())) {
                throw new SignInFailed(Failure.STATE_MISSING, "the sign-in took too long");
            }
            return claims;
        } catch (ParseException | JOSEException e) {
            throw new SignInFailed(Failure.STATE_MISSING, "unreadable sign-in cookie: " + e.getMessage());
        }
    }

    /** Discovery, fetched on first use (the gateway starts while the provider may still be starting) and kept. */
    private Provider provider() throws SignInFailed {
        Provider p = provider;
        if (p != null) {
            return p;
        }
        synchronized (this) {
            if (provider == null) {
                String discovery = issuerUri + "/.well-known/openid-configuration";
                try {
                    OIDCProviderMetadata metadata = OIDCProviderMetadata.parse(http.get().uri(discovery).retrieve().body(String.class));
                    if (!metadata.getIssuer().getValue().replaceAll("/$", "").equals(issuerUri)) {
                        throw new IllegalStateException("discovery names issuer " + metadata.getIssuer());
                    }
                    IDTokenValidator validator = new IDTokenValidator(metadata.getIssuer(), new ClientID(client.clientId()),
                            new JWSVerificationKeySelector<SecurityContext>(ALGORITHMS,
                                    JWKSourceBuilder.create(metadata.getJWKSetURI().toURL()).build()), null);
                    provider = new Provider(metadata, validator);
                } catch (Exception e) {
                    log.warn("OIDC discovery at {} failed: {}", discovery, e.toString());
                    throw new SignInFailed(Failure.PROVIDER_UNAVAILABLE, "discovery: " + e.getMessage());
                }
            }
            return provider;
        }
    }

    private record Provider(OIDCProviderMetadata metadata, IDTokenValidator idTokens) {
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
