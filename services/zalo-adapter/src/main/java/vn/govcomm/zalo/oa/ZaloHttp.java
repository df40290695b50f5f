package vn.govcomm.zalo.oa;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.Channels;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static vn.govcomm.zalo.oa.ZaloCallException.Kind.AMBIGUOUS;
import static vn.govcomm.zalo.oa.ZaloCallException.Kind.NOT_READY;
import static vn.govcomm.zalo.oa.ZaloCallException.Kind.NOT_SENT;
import static vn.govcomm.zalo.oa.ZaloCallException.Kind.PERMANENT;
import static vn.govcomm.zalo.oa.ZaloCallException.Kind.THROTTLED;

/**
 * One HTTP exchange with Zalo and its classification (timeouts from configuration), timed as
 * {@code govcomm.channel.calls{channel=zalo, operation, outcome}}. No retry here; no token is ever logged.
 */
final class ZaloHttp {

    static final int ACCESS_TOKEN_INVALID = -216;
    /** "Access token invalid/expired" of the newer APIs [3P]: handled exactly like -216. */
    static final int ACCESS_TOKEN_EXPIRED = -124;
    static final int NOT_READY_CODE = -214;
    static final int REFRESH_TOKEN_INVALID = -14014;
    static final int QUOTA_EXCEEDED = -32;

    private final HttpClient client;
    private final Duration readTimeout;
    private final JsonMapper json;
    private final MeterRegistry meters;

    ZaloHttp(ZaloProperties properties, JsonMapper json, MeterRegistry meters) {
        this.client = HttpClient.newBuilder().connectTimeout(properties.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1).build();
        this.readTimeout = properties.readTimeout();
        this.json = json;
        this.meters = meters;
    }

    /** Sends and returns the {@code data} envelope's root on {@code error == 0}; throws a classified failure otherwise. */
    JsonNode exchange(String operation, HttpRequest.Builder request) {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "success";
        try {
            return classify(send(request.timeout(readTimeout).build()));
        } catch (ZaloCallException e) {
            // -216 is tagged retryable: the client refreshes the token and repeats the call once.
            outcome = e.permanent() && !tokenRejected(e.code()) ? "permanent" : "retryable";
            throw e;
        } finally {
            sample.stop(meters.timer("govcomm.channel.calls", "channel", Channels.ZALO, "operation", operation,
                    "outcome", outcome));
        }
    }

    HttpRequest.Builder postJson(String url, Object body) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    }

    HttpRequest.Builder postForm(String url, Map<String, String> form) {
        StringBuilder sb = new StringBuilder();
        form.forEach((k, v) -> {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(enc(k)).append('=').append(enc(v));
        });
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(sb.toString()));
    }

    HttpRequest.Builder get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).GET();
    }

    /** -216 or -124: the access token was refused (refresh once and repeat; again = the OA needs attention). */
    static boolean tokenRejected(int code) {
        return code == ACCESS_TOKEN_INVALID || code == ACCESS_TOKEN_EXPIRED;
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new ZaloCallException(NOT_SENT, 0, "ZALO_UNREACHABLE",
                    "Không kết nối được tới Zalo. / Zalo could not be reached.", e);
        } catch (HttpTimeoutException e) {
            throw new ZaloCallException(AMBIGUOUS, 0, "ZALO_TIMEOUT",
                    "Zalo không trả lời kịp. / Zalo did not answer in time.", e);
        } catch (IOException e) {
            throw new ZaloCallException(AMBIGUOUS, 0, "ZALO_CONNECTION_LOST",
                    "Mất kết nối với Zalo giữa chừng. / The connection to Zalo was lost mid-call.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZaloInterrupted(e);
        }
    }

    private JsonNode classify(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 429) {
            throw new ZaloCallException(NOT_SENT, 0, "ZALO_HTTP_429", "Zalo yêu cầu giảm tốc độ. / Zalo asked us to slow down.", null);
        }
        if (status >= 500) {
            throw new ZaloCallException(AMBIGUOUS, 0, "ZALO_HTTP_" + status,
                    "Zalo đang gặp sự cố (HTTP " + status + "). / Zalo is failing (HTTP " + status + ").", null);
        }
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (RuntimeException e) {
            throw new ZaloCallException(status == 200 ? AMBIGUOUS : PERMANENT, 0, "ZALO_HTTP_" + status,
                    "Zalo trả lời không đọc được. / Zalo sent an unreadable answer.", e);
        }
        if (body == null || !body.isObject()) {
            throw new ZaloCallException(AMBIGUOUS, 0, "ZALO_HTTP_" + status,
                    "Zalo trả lời không đọc được. / Zalo sent an unreadable answer.", null);
        }
        if (body.has("access_token")) {
            return body; // the token endpoint answers without the error envelope
        }
        int error = body.path("error").asInt(status == 200 ? 0 : -1);
        if (error == 0 && status == 200) {
            return body;
        }
        String message = body.path("message").asString("");
        throw switch (error) {
            case NOT_READY_CODE -> new ZaloCallException(NOT_READY, error, "ZALO_NOT_READY",
                    "Zalo đang xử lý bài viết. / Zalo is still processing the article.", null);
            case ACCESS_TOKEN_INVALID, ACCESS_TOKEN_EXPIRED -> Attention.TOKEN_EXPIRED.failure(error);
            // The call was refused (nothing happened): a wait, never a failure. How long: ZaloQuota asks Zalo.
            case QUOTA_EXCEEDED -> new ZaloCallException(THROTTLED, error, "ZALO_RATE_LIMITED",
                    "OA đã chạm giới hạn gọi API / hạn mức gửi tin của Zalo, sẽ gửi tiếp khi hạn mức được cấp lại. / "
                            + "The OA reached Zalo's call limit or message quota; sending resumes when it is reset.",
                    null);
            default -> new ZaloCallException(PERMANENT, error, "ZALO_" + error,
                    "Zalo từ chối: " + message + " / Zalo refused: " + message, null);
        };
    }
}
