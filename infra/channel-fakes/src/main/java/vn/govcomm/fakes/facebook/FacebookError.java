package vn.govcomm.fakes.facebook;

import java.util.Map;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.fakes.http.Crypto;
import vn.govcomm.fakes.http.Fault;
import vn.govcomm.fakes.http.Json;
import vn.govcomm.fakes.http.Response;

/**
 * A Graph API error. Rendered as the envelope
 * {@code {"error":{"message","type","code","error_subcode","error_user_title","error_user_msg","fbtrace_id","is_transient"}}}
 * with every key present ({@code error_subcode} is JSON null when there is none) and a fresh {@code fbtrace_id}.
 * HTTP status: 500 for codes 1 and 2, else 400 (upstream mapping UNCONFIRMED, so adapters must classify by
 * {@code code}); override with {@link #withHttpStatus(int)}.
 */
public record FacebookError(int code, Integer subcode, String type, String message, String userTitle,
                            String userMessage, boolean isTransient, int httpStatus) {

    public static final String OAUTH = "OAuthException";

    public static FacebookError of(int code, String message) {
        return new FacebookError(code, null, OAUTH, message, "", "", false, defaultStatus(code));
    }

    /** Code 1: unknown error, "possibly temporary". */
    public static FacebookError unknown() {
        return of(1, "An unknown error occurred").withTransient(true);
    }

    /** Code 2: temporary service downtime. */
    public static FacebookError service() {
        return of(2, "An unexpected error has occurred. Please retry your request later.").withTransient(true);
    }

    /** Rate limits: 4 (app), 17 (user), 32 (Page), 613 (API-specific), 80001 (Page BUC); is_transient=true. */
    public static FacebookError rateLimit(int code) {
        String message = switch (code) {
            case 4 -> "(#4) Application request limit reached";
            case 17 -> "(#17) User request limit reached";
            case 32 -> "(#32) Page request limit reached";
            case 80001 -> "(#80001) There have been too many calls to this Page account. Wait a bit and try again.";
            case 613 -> "(#613) Calls to this api have exceeded the rate limit.";
            default -> throw new IllegalArgumentException("not a rate-limit code: " + code);
        };
        return of(code, message).withTransient(true);
    }

    /** Code 190 with a subcode: 458 app not installed, 459 checkpoint, 460 password changed, 463 expired. */
    public static FacebookError invalidToken(Integer subcode) {
        String message = switch (subcode == null ? 0 : subcode) {
            case 458 -> "Error validating access token: The user has not authorized application.";
            case 459 -> "Error validating access token: You cannot access the app till you log in to www.facebook.com"
                    + " and follow the instructions given.";
            case 460 -> "Error validating access token: The session has been invalidated because the user changed"
                    + " their password or Facebook has changed the session for security reasons.";
            case 463 -> "Error validating access token: Session has expired.";
            default -> "Invalid OAuth access token - Cannot parse access token";
        };
        return new FacebookError(190, subcode, OAUTH, message, "", "", false, 400);
    }

    /** A request without any token: 190 by default in the fake (the real Graph reportedly uses 104). */
    public static FacebookError missingToken(int code) {
        return new FacebookError(code, null, OAUTH, "An access token is required to request this resource.", "", "",
                false, 400);
    }

    public static FacebookError permission(String message) {
        return of(200, "(#200) " + message);
    }

    public static FacebookError duplicate() {
        return new FacebookError(506, null, OAUTH, "(#506) Duplicate status message", "Duplicate Post",
                "This status update is identical to the last one you posted. Try posting something different.",
                false, 400);
    }

    public static FacebookError policyBlock() {
        return new FacebookError(368, 1390008, OAUTH,
                "It looks like you were misusing this feature by going too fast.", "You Can't Use This Feature Right Now",
                "You've been temporarily blocked from using it.", false, 400);
    }

    public static FacebookError linkNotScraped() {
        return new FacebookError(1609005, null, OAUTH, "Error Loading the link", "", "", false, 400);
    }

    public static FacebookError invalidParameter(String message) {
        return of(100, "(#100) " + message);
    }

    /** Code 100 subcode 33: unknown, deleted or invisible object. */
    public static FacebookError noSuchObject(String verb, String id) {
        return new FacebookError(100, 33, "GraphMethodException", "Unsupported " + verb + " request. Object with ID '"
                + id + "' does not exist, cannot be loaded due to missing permissions, or does not support this"
                + " operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
                "", "", false, 400);
    }

    public FacebookError withSubcode(Integer value) {
        return new FacebookError(code, value, type, message, userTitle, userMessage, isTransient, httpStatus);
    }

    public FacebookError withTransient(boolean value) {
        return new FacebookError(code, subcode, type, message, userTitle, userMessage, value, httpStatus);
    }

    public FacebookError withHttpStatus(int value) {
        return new FacebookError(code, subcode, type, message, userTitle, userMessage, isTransient, value);
    }

    public FacebookError withUserMessage(String title, String text) {
        return new FacebookError(code, subcode, type, message, title, text, isTransient, httpStatus);
    }

    public ObjectNode envelope() {
        ObjectNode error = Json.object();
        error.put("message", message);
        error.put("type", type);
        error.put("code", code);
        if (subcode == null) {
            error.putNull("error_subcode");
        } else {
            error.put("error_subcode", subcode);
        }
        error.put("error_user_title", userTitle);
        error.put("error_user_msg", userMessage);
        error.put("fbtrace_id", Crypto.randomAlphanumeric(11));
        error.put("is_transient", isTransient);
        ObjectNode root = Json.object();
        root.set("error", error);
        return root;
    }

    public Response toResponse() {
        Response response = Response.json(httpStatus, envelope());
        if (code == 190) {
            // Graph also explains token failures in this header.
            return response.withHeaders(Map.of("WWW-Authenticate",
                    "OAuth \"Facebook Platform\" \"invalid_token\" \"" + message.replace("\"", "'") + "\""));
        }
        return response;
    }

    /** This error as a scripted fault, for {@code fake.faults().failNext(n, error.asFault())}. */
    public Fault asFault() {
        return Fault.respondWith(this::toResponse, "graph error " + code + (subcode == null ? "" : "/" + subcode));
    }

    private static int defaultStatus(int code) {
        return code == 1 || code == 2 ? 500 : 400;
    }
}
