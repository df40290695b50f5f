package vn.govcomm.fakes.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** An incoming request, read completely, with lazily parsed query, form and JSON views. */
public final class Request {

    private final String method;
    private final String path;
    private final String rawQuery;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final Map<String, List<String>> query;
    private Map<String, List<String>> form;
    private Map<String, String> pathVars = Map.of();

    public Request(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        this.method = method.toUpperCase(Locale.ROOT);
        this.path = path;
        this.rawQuery = rawQuery;
        this.headers = headers;
        this.body = body;
        this.query = Forms.parse(rawQuery);
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public String rawQuery() {
        return rawQuery;
    }

    public byte[] body() {
        return body.clone();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** First value of a header, case-insensitive. */
    public String header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().getFirst();
            }
        }
        return null;
    }

    public Map<String, List<String>> headers() {
        return headers;
    }

    public String contentType() {
        String value = header("Content-Type");
        return value == null ? "" : value.toLowerCase(Locale.ROOT);
    }

    public boolean isForm() {
        return contentType().startsWith("application/x-www-form-urlencoded");
    }

    public boolean isJson() {
        return contentType().startsWith("application/json");
    }

    public String query(String name) {
        List<String> values = query.get(name);
        return values == null ? null : values.getFirst();
    }

    /** The form body; empty unless the Content-Type is form-encoded (as a real server would do). */
    public synchronized Map<String, List<String>> form() {
        if (form == null) {
            form = isForm() ? Forms.parse(bodyText()) : Map.of();
        }
        return form;
    }

    public String formValue(String name) {
        List<String> values = form().get(name);
        return values == null ? null : values.getFirst();
    }

    public List<String> formValues(String name) {
        return form().getOrDefault(name, List.of());
    }

    /** A parameter from the form body, else from the query string (Graph-style APIs accept both). */
    public String param(String name) {
        String value = formValue(name);
        return value != null ? value : query(name);
    }

    /** The body as JSON, or {@code null} when it is not JSON. */
    public JsonNode json() {
        return Json.parseOrNull(bodyText());
    }

    public String pathVar(String name) {
        return pathVars.get(name);
    }

    void pathVars(Map<String, String> vars) {
        this.pathVars = Map.copyOf(vars);
    }
}
