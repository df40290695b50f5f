package vn.govcomm.fakes.zalo;

/** An access/refresh token pair as the token endpoint issues it. */
public record ZaloTokens(String accessToken, String refreshToken, long expiresInSeconds) {
}
