package vn.govcomm.fakes.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Matches method + path against templates such as {@code /v25.0/{id}/feed}. A {@code {name}} segment matches one
 * path segment; routes are tried in registration order, so register literal paths before variable ones.
 */
public final class Router {

    private record Route(String method, String[] segments, Handler handler) {
    }

    /** A matched route and the values of its variables. */
    public record Match(Handler handler, Map<String, String> vars) {
    }

    private final List<Route> routes = new ArrayList<>();

    public Router add(String method, String template, Handler handler) {
        routes.add(new Route(method.toUpperCase(), split(template), handler));
        return this;
    }

    public Router get(String template, Handler handler) {
        return add("GET", template, handler);
    }

    public Router post(String template, Handler handler) {
        return add("POST", template, handler);
    }

    public Router put(String template, Handler handler) {
        return add("PUT", template, handler);
    }

    public Router delete(String template, Handler handler) {
        return add("DELETE", template, handler);
    }

    public Optional<Match> match(String method, String path) {
        String[] actual = split(path);
        for (Route route : routes) {
            if (route.method().equals(method)) {
                Map<String, String> vars = matchSegments(route.segments(), actual);
                if (vars != null) {
                    return Optional.of(new Match(route.handler(), vars));
                }
            }
        }
        return Optional.empty();
    }

    /** True when some route matches the path with another method (so the answer is 405, not 404). */
    public boolean matchesOtherMethod(String path) {
        String[] actual = split(path);
        return routes.stream().anyMatch(r -> matchSegments(r.segments(), actual) != null);
    }

    private static Map<String, String> matchSegments(String[] template, String[] actual) {
        if (template.length != actual.length) {
            return null;
        }
        Map<String, String> vars = new HashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                if (actual[i].isEmpty()) {
                    return null;
                }
                vars.put(t.substring(1, t.length() - 1), actual[i]);
            } else if (!t.equals(actual[i])) {
                return null;
            }
        }
        return vars;
    }

    private static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }
}
