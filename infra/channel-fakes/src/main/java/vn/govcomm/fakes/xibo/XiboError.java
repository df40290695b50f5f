package vn.govcomm.fakes.xibo;

import java.util.LinkedHashMap;
import java.util.Map;
import vn.govcomm.fakes.http.Fault;
import vn.govcomm.fakes.http.Response;
import vn.govcomm.fakes.http.ResponseException;

/** Xibo's error answer: {@code {"success":false,"error":<code>,"message":...}} with the code as HTTP status. */
public record XiboError(int code, String message, String property) {

    public static XiboError of(int code, String message) {
        return new XiboError(code, message, null);
    }

    public static XiboError notFound(String message) {
        return of(404, message);
    }

    /** 422: Xibo's InvalidArgumentException, naming the offending property. */
    public static XiboError invalid(String property, String message) {
        return new XiboError(422, message, property);
    }

    public Response toResponse() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", false);
        body.put("error", code);
        body.put("message", message);
        if (property != null) {
            body.put("property", property);
        }
        return Response.json(code, body);
    }

    public ResponseException exception() {
        return new ResponseException(toResponse());
    }

    public Fault asFault() {
        return Fault.respondWith(this::toResponse, "xibo error " + code);
    }
}
