package vn.govcomm.fakes.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A request as the fake received it, for inspection by tests.
 *
 * @param fault the scripted fault applied to it, or {@code null} when it was answered normally
 */
public record RecordedRequest(Instant receivedAt, String method, String path, String rawQuery,
                              Map<String, List<String>> headers, byte[] body, String fault) {

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public String header(String name) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                .map(e -> e.getValue().getFirst())
                .findFirst().orElse(null);
    }

    public boolean faulted() {
        return fault != null;
    }

    @Override
    public String toString() {
        return method + " " + path + (rawQuery == null ? "" : "?" + rawQuery) + (fault == null ? "" : " [" + fault + "]");
    }
}
