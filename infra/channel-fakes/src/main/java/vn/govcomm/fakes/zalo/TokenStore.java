package vn.govcomm.fakes.zalo;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import vn.govcomm.fakes.http.Crypto;

/**
 * Apps, authorization codes and tokens. Refresh tokens are single-use: {@link #redeemRefreshToken} removes the token
 * atomically, so of two concurrent refreshes with the same token exactly one wins.
 */
final class TokenStore {

    record AccessGrant(String appId, Instant expiresAt) {
    }

    record RefreshGrant(String appId, Instant expiresAt, String accessToken) {
    }

    record AuthorizationCode(String appId, String codeChallenge, Instant expiresAt) {
    }

    /** What a state directory keeps: apps with their secrets, live tokens and codes with their expiries. */
    record Saved(Map<String, String> apps, Map<String, AccessGrant> accessTokens,
                 Map<String, RefreshGrant> refreshTokens, Map<String, AuthorizationCode> codes) {
    }

    private final ZaloSettings settings;
    private final Map<String, String> secretByApp = new ConcurrentHashMap<>();
    private final Map<String, AccessGrant> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, RefreshGrant> refreshTokens = new ConcurrentHashMap<>();
    private final Map<String, AuthorizationCode> codes = new ConcurrentHashMap<>();

    TokenStore(ZaloSettings settings) {
        this.settings = settings;
    }

    void registerApp(String appId, String secretKey) {
        secretByApp.put(appId, secretKey);
    }

    Saved saved() {
        return new Saved(new TreeMap<>(secretByApp), new TreeMap<>(accessTokens), new TreeMap<>(refreshTokens),
                new TreeMap<>(codes));
    }

    void restore(Saved saved) {
        secretByApp.putAll(saved.apps());
        accessTokens.putAll(saved.accessTokens());
        refreshTokens.putAll(saved.refreshTokens());
        codes.putAll(saved.codes());
    }

    String secretOf(String appId) {
        return secretByApp.get(appId);
    }

    ZaloTokens issue(String appId) {
        Instant now = settings.clock().instant();
        String access = Crypto.randomToken(48);
        String refresh = Crypto.randomToken(48);
        accessTokens.put(access, new AccessGrant(appId, now.plus(settings.accessTokenLifetime())));
        refreshTokens.put(refresh, new RefreshGrant(appId, now.plus(settings.refreshTokenLifetime()), access));
        return new ZaloTokens(access, refresh, settings.accessTokenLifetime().toSeconds());
    }

    /** Registers a known token pair (e.g. demo credentials written in a config file). */
    ZaloTokens seed(String appId, String access, String refresh) {
        Instant now = settings.clock().instant();
        accessTokens.put(access, new AccessGrant(appId, now.plus(settings.accessTokenLifetime())));
        refreshTokens.put(refresh, new RefreshGrant(appId, now.plus(settings.refreshTokenLifetime()), access));
        return new ZaloTokens(access, refresh, settings.accessTokenLifetime().toSeconds());
    }

    /** Consumes the refresh token; {@code null} when unknown, already used, expired or of another app. */
    ZaloTokens redeemRefreshToken(String appId, String refreshToken) {
        RefreshGrant grant = refreshToken == null ? null : refreshTokens.remove(refreshToken);
        if (grant == null) {
            return null;
        }
        if (!grant.appId().equals(appId) || settings.clock().instant().isAfter(grant.expiresAt())) {
            return null; // a wrong try still burns the token, as a single-use token would
        }
        if (settings.refreshRevokesOldAccessToken()) {
            accessTokens.remove(grant.accessToken());
        }
        return issue(appId);
    }

    String newAuthorizationCode(String appId, String codeChallenge) {
        String code = Crypto.randomToken(32);
        codes.put(code, new AuthorizationCode(appId, codeChallenge, settings.clock().instant().plusSeconds(600)));
        return code;
    }

    enum CodeCheck { OK, INVALID_CODE, INVALID_VERIFIER }

    /** Consumes the code; PKCE S256: base64url(sha256(verifier)) must equal the challenge given at authorisation. */
    CodeCheck redeemCode(String appId, String code, String codeVerifier) {
        AuthorizationCode stored = code == null ? null : codes.remove(code);
        if (stored == null || !stored.appId().equals(appId)
                || settings.clock().instant().isAfter(stored.expiresAt())) {
            return CodeCheck.INVALID_CODE;
        }
        if (stored.codeChallenge() != null) {
            String computed = codeVerifier == null ? null : Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(Crypto.sha256(codeVerifier.getBytes(StandardCharsets.UTF_8)));
            if (!stored.codeChallenge().equals(computed)) {
                return CodeCheck.INVALID_VERIFIER;
            }
        }
        return CodeCheck.OK;
    }

    /** The grant of a live access token, else {@code null}. */
    AccessGrant validAccessToken(String token) {
        AccessGrant grant = token == null ? null : accessTokens.get(token);
        if (grant == null || settings.clock().instant().isAfter(grant.expiresAt())) {
            return null;
        }
        return grant;
    }

    void revokeAccessToken(String token) {
        accessTokens.remove(token);
    }

    void revokeRefreshToken(String token) {
        refreshTokens.remove(token);
    }

    boolean isRefreshTokenLive(String token) {
        return refreshTokens.containsKey(token);
    }
}
