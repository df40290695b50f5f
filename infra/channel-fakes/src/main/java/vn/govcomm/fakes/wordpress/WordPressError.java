package vn.govcomm.fakes.wordpress;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.fakes.http.Fault;
import vn.govcomm.fakes.http.Json;
import vn.govcomm.fakes.http.Response;
import vn.govcomm.fakes.http.ResponseException;

/** A WP_Error as the REST API renders it: {@code {"code","message","data":{"status",...}}}. */
public record WordPressError(int status, String code, String message, ObjectNode extraData) {

    public static WordPressError of(int status, String code, String message) {
        return new WordPressError(status, code, message, null);
    }

    public static WordPressError cannotCreate() {
        return of(401, "rest_cannot_create", "Sorry, you are not allowed to create posts as this user.");
    }

    public static WordPressError invalidUsername() {
        return of(401, "invalid_username", "Unknown username. Check again or try your email address.");
    }

    public static WordPressError incorrectPassword() {
        return of(401, "incorrect_password", "The provided password is an invalid application password.");
    }

    public static WordPressError notLoggedIn() {
        return of(401, "rest_not_logged_in", "You are not currently logged in.");
    }

    public static WordPressError invalidPostId() {
        return of(404, "rest_post_invalid_id", "Invalid post ID.");
    }

    public static WordPressError noRoute() {
        return of(404, "rest_no_route", "No route was found matching the URL and request method.");
    }

    /**
     * 400 rest_invalid_param with {@code data.params} (messages) and {@code data.details} (codes), as WordPress
     * reports failed argument validation.
     */
    public static WordPressError invalidParams(Map<String, String[]> codeAndMessageByParam) {
        ObjectNode data = Json.object();
        ObjectNode params = data.putObject("params");
        ObjectNode details = data.putObject("details");
        codeAndMessageByParam.forEach((param, codeAndMessage) -> {
            params.put(param, codeAndMessage[1]);
            details.putObject(param).put("code", codeAndMessage[0]).put("message", codeAndMessage[1])
                    .putNull("data");
        });
        return new WordPressError(400, "rest_invalid_param",
                "Invalid parameter(s): " + String.join(", ", codeAndMessageByParam.keySet()), data);
    }

    public Response toResponse() {
        ObjectNode data = Json.object();
        data.put("status", status);
        if (extraData != null) {
            data.setAll(extraData);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        body.put("data", data);
        return Response.json(status, body);
    }

    public ResponseException exception() {
        return new ResponseException(toResponse());
    }

    public Fault asFault() {
        return Fault.respondWith(this::toResponse, "wordpress error " + code);
    }

    /** The error with {@code Retry-After} (delay-seconds), e.g. a host's or plugin's 429 rate limit. */
    public Fault asFault(Duration retryAfter) {
        return Fault.respondWith(() -> toResponse().withHeader("Retry-After", Long.toString(retryAfter.toSeconds())),
                "wordpress error " + code + " (Retry-After " + retryAfter.toSeconds() + " s)");
    }

    /** A rate limit as hosts and security plugins answer it (core WordPress has none): 429. */
    public static WordPressError tooManyRequests() {
        return of(429, "too_many_requests", "Too many requests. Please slow down.");
    }
}
