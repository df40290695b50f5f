package vn.govcomm.zalo.oa;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import vn.govcomm.zalo.ZaloTestSupport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * How one exchange with Zalo ends when the transport fails, on Apache HttpClient (ChannelHttpClients): what certainly
 * was not sent, what may have been, and a stop's interrupt ending a call in flight as a kill would.
 */
class ZaloHttpUnitTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final CountDownLatch arrived = new CountDownLatch(1);
    /** Released when the test ends, so a slow answer's server thread goes away with it. */
    private final CountDownLatch released = new CountDownLatch(1);
    private HttpServer server;
    private ZaloHttp http;

    @AfterEach
    void stop() {
        released.countDown();
        if (http != null) {
            http.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aRefusedConnectionIsNotSent() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        http = new ZaloHttp(properties("http://127.0.0.1:" + port, Duration.ofSeconds(2)), ZaloTestSupport.JSON, meters);

        ZaloCallException failure = catchThrowableOfType(ZaloCallException.class,
                () -> http.exchange("article_create", http.postJson("http://127.0.0.1:" + port + "/v2.0/article/create",
                        Map.of("title", "x"))));

        assertThat(failure.kind()).isEqualTo(ZaloCallException.Kind.NOT_SENT);
        assertThat(failure.reasonCode()).isEqualTo("ZALO_UNREACHABLE");
    }

    @Test
    void anAnswerTooLateMayHaveBeenActedOn() throws Exception {
        start(10_000);
        http = new ZaloHttp(properties(url(""), Duration.ofMillis(400)), ZaloTestSupport.JSON, meters);

        ZaloCallException failure = catchThrowableOfType(ZaloCallException.class,
                () -> http.exchange("article_create", http.postJson(url("/v2.0/article/create"), Map.of("title", "x"))));

        assertThat(failure.kind()).isEqualTo(ZaloCallException.Kind.AMBIGUOUS);
        assertThat(failure.reasonCode()).isEqualTo("ZALO_TIMEOUT");
        assertThat(seen).hasSize(1);
    }

    @Test
    void theBodyTravelsAsUtf8JsonWithTheHeadersTheCallerAdds() throws Exception {
        start(0);
        http = new ZaloHttp(properties(url(""), Duration.ofSeconds(2)), ZaloTestSupport.JSON, meters);

        JsonNode answer = http.exchange("article_create", http.postJson(url("/v2.0/article/create"),
                Map.of("title", "Khảo sát mức độ hài lòng")).header("access_token", "tok-1"));

        assertThat(answer.path("data").path("token").asString()).isEqualTo("t-1");
        assertThat(seen).containsExactly("POST /v2.0/article/create application/json tok-1 {\"title\":\"Khảo sát mức độ hài lòng\"}");
    }

    @Test
    void aStopEndsAnInterruptedCallInFlightAsInterruptedNotAsAFailure() throws Exception {
        start(10_000);
        http = new ZaloHttp(properties(url(""), Duration.ofSeconds(8)), ZaloTestSupport.JSON, meters);
        CompletableFuture<Thread> caller = new CompletableFuture<>();
        CompletableFuture<Object> call = CompletableFuture.supplyAsync(() -> {
            caller.complete(Thread.currentThread());
            return http.exchange("article_create", http.postJson(url("/v2.0/article/create"), Map.of("title", "x")));
        });
        assertThat(arrived.await(5, TimeUnit.SECONDS)).isTrue();

        long started = System.nanoTime();
        caller.get().interrupt(); // what the workflow's shutdownNow does
        http.cancelInterruptedCalls();

        ExecutionException ended = catchThrowableOfType(ExecutionException.class, () -> call.get(5, TimeUnit.SECONDS));
        assertThat(ended.getCause()).isInstanceOf(ZaloInterrupted.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void anInterruptedCallerSendsNothing() throws Exception {
        start(0);
        http = new ZaloHttp(properties(url(""), Duration.ofSeconds(2)), ZaloTestSupport.JSON, meters);

        Thread.currentThread().interrupt();
        try {
            ZaloInterrupted failure = catchThrowableOfType(ZaloInterrupted.class,
                    () -> http.exchange("broadcast", http.postJson(url("/v2.0/oa/message"), Map.of("x", 1))));
            assertThat(failure).isNotNull();
        } finally {
            assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
        }
        assertThat(seen).isEmpty();
    }

    private void start(long answerAfterMillis) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(Thread.ofPlatform().daemon().factory()));
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + exchange.getRequestHeaders().getFirst("access_token") + " " + body);
            arrived.countDown();
            try {
                if (released.await(answerAfterMillis, TimeUnit.MILLISECONDS)) {
                    return; // the test is over: no answer
                }
            } catch (InterruptedException e) {
                return;
            }
            byte[] answer = "{\"error\":0,\"message\":\"Success\",\"data\":{\"token\":\"t-1\"}}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static ZaloProperties properties(String baseUrl, Duration readTimeout) {
        return new ZaloProperties(baseUrl, null, null, null, null, Duration.ofSeconds(2), readTimeout, null, null, null,
                null, null, null, null, null);
    }
}
