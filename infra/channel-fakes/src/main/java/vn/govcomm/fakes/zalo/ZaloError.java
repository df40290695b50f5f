package vn.govcomm.fakes.zalo;

import java.util.Map;
import vn.govcomm.fakes.http.Fault;
import vn.govcomm.fakes.http.Response;

/**
 * A Zalo failure: HTTP 200 with a negative {@code error} (classify by the code, never by the status).
 * -216, -14014 and -214 come from the notes; -124 (access token invalid, newer APIs) and -32 (the OA reached its
 * API call limit) from third-party code; the other codes are the fake's own choice (the full list is UNCONFIRMED),
 * kept stable so that tests can rely on them.
 */
public record ZaloError(int code, String message) {

    public static final int ACCESS_TOKEN_INVALID = -216;
    public static final int ACCESS_TOKEN_EXPIRED = -124;
    public static final int REFRESH_TOKEN_INVALID = -14014;
    public static final int ARTICLE_PROCESSING = -214;
    public static final int INVALID_PARAMETER = -201;
    public static final int APP_INVALID = -14002;
    public static final int SECRET_KEY_INVALID = -14003;
    public static final int AUTHORIZATION_CODE_INVALID = -14019;
    public static final int CODE_VERIFIER_INVALID = -14020;
    public static final int GRANT_TYPE_INVALID = -14001;
    public static final int QUOTA_EXCEEDED = -32;
    public static final int ZNS_PHONE_INVALID = -108;
    public static final int ZNS_TEMPLATE_INVALID = -109;
    public static final int ZNS_TEMPLATE_DATA_INVALID = -112;

    public static ZaloError accessTokenInvalid() {
        return new ZaloError(ACCESS_TOKEN_INVALID, "Access token is invalid");
    }

    /** -32: the OA reached its API call limit (a burst, or {@link ZaloSettings#callLimit}). */
    public static ZaloError callLimitReached() {
        return new ZaloError(QUOTA_EXCEEDED, "Your OA reached limit call api");
    }

    public static ZaloError refreshTokenInvalid() {
        return new ZaloError(REFRESH_TOKEN_INVALID, "Invalid refresh token");
    }

    public static ZaloError invalidParameter(String message) {
        return new ZaloError(INVALID_PARAMETER, message);
    }

    public Response toResponse() {
        return Response.json(200, Map.of("error", code, "message", message));
    }

    public Fault asFault() {
        return Fault.respondWith(this::toResponse, "zalo error " + code);
    }
}
