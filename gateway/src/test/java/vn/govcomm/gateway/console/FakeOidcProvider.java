package vn.govcomm.gateway.console;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Shared with infra/browser-tests through this module's test-jar. A small but strict OpenID Connect provider over real HTTP (JDK HttpServer), standing in for Keycloak:
 * discovery, JWKS, an authorization endpoint that signs in {@link #nextUser} (or answers
 * {@code error=access_denied}), a token endpoint that checks the client's Basic credentials, the redirect URI,
 * the PKCE verifier against the challenge (S256) and lets each code be used once, and an end-session endpoint.
 * Tests bend the ID token it issues ({@link #idTokenTweak}) to check each validation of the gateway.
 */
public final class FakeOidcProvider implements AutoCloseable {

    public static final String CLIENT_ID = "govcomm-console";
    public static final String CLIENT_SECRET = "s3cret-of-the-console";
    /** The audience the gateway requires of access tokens by default (govcomm.security.audience). */
    public static final String API_AUDIENCE = "govcomm-api";

    public record User(String username, String name, List<String> roles, String agency) {
    }

    private record Grant(String clientId, String redirectUri, String challenge, String method, String nonce, User user) {
    }

    private final HttpServer server;
    private final RSAKey key;
    private final RSAKey foreignKey;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();

    public volatile User nextUser;
    public volatile boolean denyNext;
    public volatile Consumer<JWTClaimsSet.Builder> idTokenTweak = b -> { };
    public volatile boolean signIdTokenWithForeignKey;
    /** What the token endpoint answered, in order ("ok", "invalid_grant: ...", "invalid_client"). */
    public final List<String> tokenAnswers = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Query parameters of each end-session request. */
    public final List<Map<String, String>> endSessions = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * With a sign-in page, GET /authorize shows the provider's own form (as Keycloak does) and its POST (the
     * user's click) goes back to the client, so the way back is a navigation started by the provider's page:
     * cross-site for the client, as in a browser in production. Without, GET /authorize answers at once.
     */
    private final boolean signInPage;

    public FakeOidcProvider() {
        this(false);
    }

    public FakeOidcProvider(boolean signInPage) {
        this.signInPage = signInPage;
        try {
            key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyID("fake-1").generate();
            foreignKey = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyID("fake-1").generate();
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        reset();
        server.createContext("/.well-known/openid-configuration", ex -> {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("issuer", url());
            doc.put("authorization_endpoint", url() + "/authorize");
            doc.put("token_endpoint", url() + "/token");
            doc.put("jwks_uri", url() + "/jwks");
            doc.put("end_session_endpoint", url() + "/logout");
            doc.put("response_types_supported", List.of("code"));
            doc.put("subject_types_supported", List.of("public"));
            doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
            doc.put("code_challenge_methods_supported", List.of("S256"));
            doc.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic"));
            respond(ex, 200, "application/json", json.writeValueAsString(doc));
        });
        server.createContext("/jwks", ex -> respond(ex, 200, "application/json",
                json.writeValueAsString(new JWKSet(key.toPublicJWK()).toJSONObject(true))));
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.createContext("/logout", ex -> {
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            endSessions.add(q);
            ex.getResponseHeaders().add("Location", q.getOrDefault("post_logout_redirect_uri", url()));
            respond(ex, 302, "text/plain", "");
        });
        server.start();
    }

    public void reset() {
        nextUser = new User("tran.thi.lan", "Trần Thị Lan", List.of("officer"), "so-noi-vu");
        denyNext = false;
        idTokenTweak = b -> { };
        signIdTokenWithForeignKey = false;
        tokenAnswers.clear();
        endSessions.clear();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * An access token as this provider would issue it, with the given lifetime (negative = already expired): like a
     * Keycloak realm whose console client has an audience mapper for the API ({@link #API_AUDIENCE}), typ claim
     * {@code Bearer}.
     */
    public String accessToken(User user, Duration lifetime) {
        return sign(accessTokenClaims(user, lifetime).build(), JOSEObjectType.JWT);
    }

    /** The claims of {@link #accessToken}, for tests that bend them (another audience, another typ...). */
    public JWTClaimsSet.Builder accessTokenClaims(User user, Duration lifetime) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(url()).subject(UUID.randomUUID().toString())
                .audience(List.of(API_AUDIENCE, "account")).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime))).claim("typ", "Bearer")
                .claim("preferred_username", user.username()).claim("name", user.name()).claim("roles", user.roles());
        if (user.agency() != null) {
            claims.claim("agency", user.agency());
        }
        return claims;
    }

    /** Any claims signed with this provider's key, with the given JOSE header typ (null = none). */
    public String sign(JWTClaimsSet claims, JOSEObjectType type) {
        return sign(claims, key, type);
    }

    private void authorize(HttpExchange ex) throws IOException {
        if (signInPage && "GET".equals(ex.getRequestMethod())) {
            StringBuilder form = new StringBuilder("<!DOCTYPE html><html><body><form method=\"post\" action=\"/authorize\">");
            query(ex.getRequestURI().getRawQuery()).forEach((k, v) -> form.append("<input type=\"hidden\" name=\"")
                    .append(k).append("\" value=\"").append(v.replace("&", "&amp;").replace("\"", "&quot;")).append("\">"));
            form.append("<button id=\"provider-sign-in\" type=\"submit\">Sign in</button></form></body></html>");
            respond(ex, 200, "text/html; charset=utf-8", form.toString());
            return;
        }
        Map<String, String> q = "POST".equals(ex.getRequestMethod())
                ? query(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                : query(ex.getRequestURI().getRawQuery());
        String redirect = q.get("redirect_uri");
        String state = q.get("state");
        String target;
        if (denyNext) {
            target = redirect + "?error=access_denied&error_description=" + enc("The user declined") + "&state=" + enc(state);
        } else {
            String code = UUID.randomUUID().toString();
            codes.put(code, new Grant(q.get("client_id"), redirect, q.get("code_challenge"), q.get("code_challenge_method"),
                    q.get("nonce"), nextUser));
            target = redirect + "?code=" + enc(code) + "&state=" + enc(state);
        }
        ex.getResponseHeaders().add("Location", target);
        respond(ex, 302, "text/plain", "");
    }

    private void token(HttpExchange ex) throws IOException {
        Map<String, String> form = query(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String expected = "Basic " + Base64.getEncoder().encodeToString((enc(CLIENT_ID) + ":" + enc(CLIENT_SECRET))
                .getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(auth)) {
            tokenAnswers.add("invalid_client");
            respond(ex, 401, "application/json", "{\"error\":\"invalid_client\"}");
            return;
        }
        if (!"authorization_code".equals(form.get("grant_type"))) {
            respond(ex, 400, "application/json", "{\"error\":\"unsupported_grant_type\"}");
            return;
        }
        Grant grant = codes.remove(form.getOrDefault("code", "")); // single use
        String problem = grant == null ? "unknown or used code"
                : !CLIENT_ID.equals(grant.clientId()) ? "code of another client"
                : !grant.redirectUri().equals(form.get("redirect_uri")) ? "redirect_uri differs"
                : !"S256".equals(grant.method()) ? "PKCE method is not S256"
                : form.get("code_verifier") == null || !grant.challenge().equals(s256(form.get("code_verifier")))
                ? "code_verifier does not match the challenge" : null;
        if (problem != null) {
            tokenAnswers.add("invalid_grant: " + problem);
            respond(ex, 400, "application/json", json.writeValueAsString(Map.of("error", "invalid_grant",
                    "error_description", problem)));
            return;
        }
        Instant now = Instant.now();
        JWTClaimsSet.Builder id = new JWTClaimsSet.Builder().issuer(url()).subject(grant.user().username())
                .audience(CLIENT_ID).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .claim("nonce", grant.nonce()).claim("name", grant.user().name()).claim("typ", "ID");
        idTokenTweak.accept(id);
        String idToken = sign(id.build(), signIdTokenWithForeignKey ? foreignKey : key);
        tokenAnswers.add("ok");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", accessToken(grant.user(), Duration.ofMinutes(5)));
        body.put("token_type", "Bearer");
        body.put("expires_in", 300);
        body.put("id_token", idToken);
        respond(ex, 200, "application/json", json.writeValueAsString(body));
    }

    private static String sign(JWTClaimsSet claims, RSAKey with) {
        return sign(claims, with, null);
    }

    private static String sign(JWTClaimsSet claims, RSAKey with, JOSEObjectType type) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(type).keyID(with.getKeyID()).build(),
                    claims);
            jwt.sign(new RSASSASigner(with));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String s256(String verifier) {
        try {
            return Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)))
                    .toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    public static Map<String, String> query(URI uri) {
        return query(uri.getRawQuery());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
