package vn.govcomm.portal.outbound;

import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The only way the adapter calls user-configured URLs. Every call: the {@link OutboundUrlPolicy} again (DNS can
 * change after the URL was accepted), redirects never followed (a 3xx is just an answer), a connect timeout, the
 * whole exchange within the read timeout, and response bodies read up to {@code max-response-size} (beyond it the
 * call fails with {@link ResponseTooLargeException}, nothing more is read).
 */
@Component
public class OutboundHttp {

    /** A response: status, headers and the body as text (UTF-8), never longer than the configured cap. */
    public record Answer(int status, HttpHeaders headers, String body) {

        public Answer(int status, String body) {
            this(status, HttpHeaders.of(Map.of(), (name, value) -> true), body);
        }

        /**
         * How long the server asked us to wait ({@code Retry-After}, RFC 9110 §10.2.3: delay-seconds or an
         * HTTP-date); empty when absent or unreadable, zero when the date has passed.
         */
        public Optional<Duration> retryAfter(Clock clock) {
            return headers.firstValue("Retry-After").map(String::trim).flatMap(value -> {
                try {
                    return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
                } catch (NumberFormatException notSeconds) {
                    try {
                        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                        Duration wait = Duration.between(clock.instant(), at);
                        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
                    } catch (DateTimeParseException notADate) {
                        return Optional.empty();
                    }
                }
            });
        }
    }

    /** The response body was larger than the cap. */
    public static class ResponseTooLargeException extends IOException {
        ResponseTooLargeException(long limit) {
            super("Response body larger than " + limit + " bytes");
        }
    }

    private final OutboundUrlPolicy policy;
    private final HttpClient client;
    private final Duration readTimeout;
    private final long maxResponseBytes;

    @Autowired
    public OutboundHttp(OutboundProperties properties) {
        this(OutboundUrlPolicy.of(properties), properties);
    }

    OutboundHttp(OutboundUrlPolicy policy, OutboundProperties properties) {
        this.policy = policy;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(properties.connectTimeout()).build();
        this.readTimeout = properties.readTimeout();
        this.maxResponseBytes = properties.maxResponseSize().toBytes();
    }

    @PreDestroy
    void close() {
        client.shutdownNow();
    }

    public OutboundUrlPolicy policy() {
        return policy;
    }

    /** A request builder for {@code uri} with the read timeout set. */
    public HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(readTimeout);
    }

    /** Sends after checking the URL again; the body is read up to the cap. */
    public Answer send(HttpRequest request) throws OutboundUrlPolicy.Refused, IOException, InterruptedException {
        HttpResponse<byte[]> response = exchange(request, info -> capped(maxResponseBytes, info));
        return new Answer(response.statusCode(), response.headers(), new String(response.body(), StandardCharsets.UTF_8));
    }

    /** Sends after checking the URL again; the body is not kept (still bounded by the read timeout). */
    public int sendDiscarding(HttpRequest request) throws OutboundUrlPolicy.Refused, IOException, InterruptedException {
        return exchange(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws OutboundUrlPolicy.Refused, IOException, InterruptedException {
        policy.check(request.uri());
        CompletableFuture<HttpResponse<T>> future = client.sendAsync(request, handler);
        try {
            return future.get(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new HttpTimeoutException("No complete answer within " + readTimeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (CancellationException e) {
            throw new IOException("Call cancelled", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }

    /** Collects at most {@code limit} bytes; a declared or actual larger body cancels the exchange. */
    static HttpResponse.BodySubscriber<byte[]> capped(long limit, HttpResponse.ResponseInfo info) {
        long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        return new HttpResponse.BodySubscriber<>() {
            private final CompletableFuture<byte[]> result = new CompletableFuture<>();
            private final ByteArrayOutputStream out = new ByteArrayOutputStream();
            private Flow.Subscription subscription;

            @Override
            public CompletionStage<byte[]> getBody() {
                return result;
            }

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                if (declared > limit) {
                    s.cancel();
                    result.completeExceptionally(new ResponseTooLargeException(limit));
                } else {
                    s.request(Long.MAX_VALUE);
                }
            }

            @Override
            public void onNext(List<ByteBuffer> buffers) {
                if (result.isDone()) {
                    return;
                }
                for (ByteBuffer buffer : buffers) {
                    if (out.size() + (long) buffer.remaining() > limit) {
                        subscription.cancel();
                        result.completeExceptionally(new ResponseTooLargeException(limit));
                        return;
                    }
                    byte[] bytes = new byte[buffer.remaining()];
                    buffer.get(bytes);
                    out.writeBytes(bytes);
                }
            }

            @Override
            public void onError(Throwable error) {
                result.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                result.complete(out.toByteArray());
            }
        };
    }
}
