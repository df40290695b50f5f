package vn.govcomm.fakes.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/** The fakes' own client for calls they make to us: webhook handshakes and deliveries. */
public final class OutboundHttp {

    /**
     * Outcome of one outbound call.
     *
     * @param status HTTP status, or -1 when there was no answer (timeout, refused, reset)
     * @param error  why there was no answer, else {@code null}
     */
    public record Outcome(int status, String body, Duration took, String error) {

        public boolean is2xx() {
            return status >= 200 && status < 300;
        }

        public boolean timedOut() {
            return "timeout".equals(error);
        }
    }

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public Outcome post(String url, Map<String, String> headers, byte[] body, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(builder::header);
        return send(builder.build());
    }

    public Outcome get(String url, Duration timeout) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build());
    }

    private Outcome send(HttpRequest request) {
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Outcome(response.statusCode(), response.body(), since(started), null);
        } catch (HttpTimeoutException e) {
            return new Outcome(-1, null, since(started), "timeout");
        } catch (IOException e) {
            return new Outcome(-1, null, since(started), e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(-1, null, since(started), "interrupted");
        }
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
