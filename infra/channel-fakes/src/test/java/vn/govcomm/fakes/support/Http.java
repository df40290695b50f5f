package vn.govcomm.fakes.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import vn.govcomm.fakes.http.Forms;
import vn.govcomm.fakes.http.Json;

/** A thin java.net.http client for the tests; {@link #send} rethrows I/O failures so tests can assert them. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private Http() {
    }

    public static HttpResponse<String> get(String url) {
        return get(url, Map.of());
    }

    public static HttpResponse<String> get(String url, Map<String, String> headers) {
        return send(builder(url, headers).GET().build());
    }

    public static HttpResponse<String> postForm(String url, Map<String, String> form) {
        return postForm(url, form, Map.of());
    }

    public static HttpResponse<String> postForm(String url, Map<String, String> form, Map<String, String> headers) {
        return send(builder(url, headers).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Forms.encode(form))).build());
    }

    public static HttpResponse<String> postFormRaw(String url, String encodedForm, Map<String, String> headers) {
        return send(builder(url, headers).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encodedForm)).build());
    }

    public static HttpResponse<String> putForm(String url, Map<String, String> form, Map<String, String> headers) {
        return send(builder(url, headers).header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(HttpRequest.BodyPublishers.ofString(Forms.encode(form))).build());
    }

    public static HttpResponse<String> postJson(String url, Object body, Map<String, String> headers) {
        String json = body instanceof String s ? s : Json.write(body);
        return send(builder(url, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public static HttpResponse<String> delete(String url, Map<String, String> headers) {
        return send(builder(url, headers).DELETE().build());
    }

    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static HttpRequest.Builder builder(String url, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        headers.forEach(builder::header);
        return builder;
    }

    public static JsonNode json(HttpResponse<String> response) {
        return Json.parse(response.body());
    }
}
