package vn.govcomm.fakes.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An outgoing answer. Immutable; {@link #withHeader} returns a copy. */
public record Response(int status, Map<String, String> headers, byte[] body) {

    public Response {
        headers = Map.copyOf(headers);
    }

    public static Response json(int status, Object jsonValue) {
        String text = jsonValue instanceof String s ? s : Json.write(jsonValue);
        return of(status, "application/json; charset=UTF-8", text);
    }

    public static Response text(int status, String text) {
        return of(status, "text/plain; charset=UTF-8", text);
    }

    public static Response of(int status, String contentType, String body) {
        return new Response(status, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8));
    }

    public static Response empty(int status) {
        return new Response(status, Map.of(), new byte[0]);
    }

    public Response withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Response(status, copy, body);
    }

    public Response withHeaders(Map<String, String> extra) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.putAll(extra);
        return new Response(status, copy, body);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
