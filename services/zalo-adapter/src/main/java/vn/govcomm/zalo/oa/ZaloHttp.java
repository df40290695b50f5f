package vn.govcomm.zalo.oa;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.Channels;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import vn.govcomm.kit.http.ChannelHttpClients;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static vn.govcomm.zalo.oa.ZaloCallException.Kind.AMBIGUOUS;
import static vn.govcomm.zalo.oa.ZaloCallException.Kind.NOT_READY;
import static vn.govcomm.zalo.oa.ZaloCallException.Kind.NOT_SENT;
import static vn.govcomm.zalo.oa.ZaloCallException.Kind.PERMANENT;
import static vn.govcomm.zalo.oa.ZaloCallException.Kind.THROTTLED;

/**
 * One HTTP exchange with Zalo and its classification (timeouts from configuration), timed as
 * {@code govcomm.channel.calls{channel=zalo, operation, outcome}}. No retry here; no token is ever logged. The client
 * is Apache HttpClient 5 ({@link ChannelHttpClients}: no retry, redirect or cookie of its own).
 */
final class ZaloHttp implements AutoCloseable {

    static final int ACCESS_TOKEN_INVALID = -216;
    /** "Access token invalid/expired" of the newer APIs [3P]: handled exactly like -216. */
    static final int ACCESS_TOKEN_EXPIRED = -124;
    static final int NOT_READY_CODE = -214;
    static final int REFRESH_TOKEN_INVALID = -14014;
    static final int QUOTA_EXCEEDED = -32;

    /** A request being built: the method, URL and body, and the headers the caller adds (the access token). */
    static final class Request {
        private final HttpUriRequestBase request;

        private Request(HttpUriRequestBase request) {
            this.request = request;
        }

        Request header(String name, String value) {
            request.addHeader(name, value);
            return this;
        }
    }

    private record Answer(int status, String body) {
    }

    private final CloseableHttpClient client;
    private final JsonMapper json;
    private final MeterRegistry meters;
    /** The calls in flight and their callers' threads, for {@link #cancelInterruptedCalls}. */
    private final Map<HttpUriRequestBase, Thread> inFlight = new ConcurrentHashMap<>();

    ZaloHttp(ZaloProperties properties, JsonMapper json, MeterRegistry meters) {
        this.client = ChannelHttpClients.create(properties.connectTimeout(), properties.readTimeout());
        this.json = json;
        this.meters = meters;
    }

    /** Sends and returns the {@code data} envelope's root on {@code error == 0}; throws a classified failure otherwise. */
    JsonNode exchange(String operation, Request request) {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "success";
        try {
            return classify(send(request.request));
        } catch (ZaloCallException e) {
            // -216 is tagged retryable: the client refreshes the token and repeats the call once.
            outcome = e.permanent() && !tokenRejected(e.code()) ? "permanent" : "retryable";
            throw e;
        } finally {
            sample.stop(meters.timer("govcomm.channel.calls", "channel", Channels.ZALO, "operation", operation,
                    "outcome", outcome));
        }
    }

    Request postJson(String url, Object body) {
        return post(url, "application/json", json.writeValueAsString(body));
    }

    Request postForm(String url, Map<String, String> form) {
        StringBuilder sb = new StringBuilder();
        form.forEach((k, v) -> {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(enc(k)).append('=').append(enc(v));
        });
        return post(url, "application/x-www-form-urlencoded", sb.toString());
    }

    Request get(String url) {
        return new Request(new HttpGet(URI.create(url)));
    }

    /**
     * Cancels the calls in flight of threads that were interrupted (a stop's {@code shutdownNow}): a blocking read does
     * not notice an interrupt, so without this a stopping worker would wait for Zalo's answer or the read timeout.
     * The cancelled call ends as {@link ZaloInterrupted}, as a kill would end it.
     */
    void cancelInterruptedCalls() {
        inFlight.forEach((request, caller) -> {
            if (caller.isInterrupted()) {
                request.cancel();
            }
        });
    }

    @Override
    public void close() {
        client.close(CloseMode.IMMEDIATE);
    }

    private static Request post(String url, String contentType, String body) {
        HttpPost post = new HttpPost(URI.create(url));
        post.addHeader("Content-Type", contentType);
        post.setEntity(new ByteArrayEntity(body.getBytes(StandardCharsets.UTF_8), null));
        return new Request(post);
    }

    /** -216 or -124: the access token was refused (refresh once and repeat; again = the OA needs attention). */
    static boolean tokenRejected(int code) {
        return code == ACCESS_TOKEN_INVALID || code == ACCESS_TOKEN_EXPIRED;
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private Answer send(HttpUriRequestBase request) {
        Thread caller = Thread.currentThread();
        // Registered before the interrupt check: a stop interrupts first, then cancels what is registered.
        inFlight.put(request, caller);
        try {
            if (caller.isInterrupted()) {
                throw new ZaloInterrupted(new InterruptedException("interrupted before calling Zalo"));
            }
            return client.execute(request, response -> new Answer(response.getCode(),
                    response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            if (request.isCancelled() || caller.isInterrupted()) {
                throw new ZaloInterrupted(new InterruptedException("call to Zalo cancelled by the shutdown"));
            }
            if (ChannelHttpClients.nothingSent(e)) {
                throw new ZaloCallException(NOT_SENT, 0, "ZALO_UNREACHABLE",
                        "Không kết nối được tới Zalo. / Zalo could not be reached.", e);
            }
            if (e instanceof SocketTimeoutException) {
                throw new ZaloCallException(AMBIGUOUS, 0, "ZALO_TIMEOUT",
                        "Zalo không trả lời kịp. / Zalo did not answer in time.", e);
            }
            throw new ZaloCallException(AMBIGUOUS, 0, "ZALO_CONNECTION_LOST",
                    "Mất kết nối với Zalo giữa chừng. / The connection to Zalo was lost mid-call.", e);
        } finally {
            inFlight.remove(request);
        }
    }

    private JsonNode classify(Answer response) {
        int status = response.status();
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
