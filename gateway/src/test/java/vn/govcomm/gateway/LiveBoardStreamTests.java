package vn.govcomm.gateway;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live board's push path over real HTTP: the reporting service's Server-Sent Events reach the browser through
 * the gateway's route event by event (not buffered until the stream ends), outlive the circuit breakers' time
 * limit, carry the verified identity upstream (a caller token for the reporting service), and the console's campaign
 * page subscribes to them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=gateway", "govcomm.gateway.circuit-breaker.timeout=PT1S"})
class LiveBoardStreamTests {

    /** A reporting service whose stream sends one event at once, a second 1.5 s later, then holds the stream open. */
    static final HttpServer REPORTING;
    static final CountDownLatch RELEASE = new CountDownLatch(1);
    static final List<String> SEEN_USERS = new CopyOnWriteArrayList<>();
    static volatile boolean streamEnded;

    static {
        try {
            REPORTING = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        REPORTING.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        REPORTING.createContext("/api/reports/campaigns/c-1/stream", exchange -> {
            try {
                SEEN_USERS.add(TestGateway.callerFor("reporting-service",
                        exchange.getRequestHeaders().getFirst("Authorization")).userId());
            } catch (vn.govcomm.identity.CallerTokenVerifier.InvalidCallerTokenException e) {
                SEEN_USERS.add("refused: " + e.getMessage());
            }
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            try {
                out.write("id:1\nevent:counts\ndata:{\"rev\":1}\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                RELEASE.await(1500, TimeUnit.MILLISECONDS); // a later change of the counters
                out.write("id:2\nevent:counts\ndata:{\"rev\":2}\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                RELEASE.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException gone) {
                // the client left
            } finally {
                streamEnded = true;
                exchange.close();
            }
        });
        REPORTING.createContext("/api/reports/campaigns/c-2/stream", exchange -> {
            byte[] event = "id:1\nevent:counts\ndata:{\"rev\":1}\n\n".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, event.length);
            exchange.getResponseBody().write(event);
            exchange.close();
        });
        REPORTING.createContext("/api/campaigns/c-1", exchange -> {
            byte[] body = "{\"id\":\"c-1\",\"code\":\"TT-1\",\"status\":\"ACTIVE\",\"notice\":{\"title\":\"Thông báo\"},\"decisions\":[]}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        REPORTING.start();
    }

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        TestGateway.localIssuer(registry);
        String url = "http://127.0.0.1:" + REPORTING.getAddress().getPort();
        registry.add("REPORTING_SERVICE_URL", () -> url);
        registry.add("CAMPAIGN_SERVICE_URL", () -> url);
        registry.add("PUBLISHING_SERVICE_URL", () -> url);
    }

    @AfterAll
    static void stop() {
        RELEASE.countDown();
        REPORTING.stop(0);
    }

    @Value("${local.server.port}")
    int port;

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @Test
    void streamsEachEventThroughTheGatewayAsItHappensAndOutlivesTheBreakersTimeLimit() throws Exception {
        String token = Tokens.of(RestClient.create("http://127.0.0.1:" + port), "tran.thi.lan");
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri("/api/reports/campaigns/c-1/stream"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // closed at the end of the test
            }
        });
        try {
            assertThat(nextData(lines, Duration.ofSeconds(3))).isEqualTo("data:{\"rev\":1}");
            assertThat(streamEnded).as("the first event arrived while the upstream stream is still open").isFalse();
            // The second event comes 1.5 s later: past the breakers' 1 s time limit, which does not cut a stream.
            assertThat(nextData(lines, Duration.ofSeconds(5))).isEqualTo("data:{\"rev\":2}");
            assertThat(streamEnded).isFalse();
            assertThat(SEEN_USERS).contains("tran.thi.lan");
        } finally {
            reader.interrupt();
            response.body().close();
        }
    }

    @Test
    void refusesTheStreamWithoutASession() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/reports/campaigns/c-1/stream")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void theCampaignPageSubscribesItsBoardToTheStreamAndStillPollsSlowly() throws Exception {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(uri("/console/login"))
                .header("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE).header("Origin", "http://127.0.0.1:" + port)
                .POST(HttpRequest.BodyPublishers.ofString("username=tran.thi.lan&password=demo")).build(),
                HttpResponse.BodyHandlers.ofString());
        String session = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(uri("/console/campaigns/c-1")).header("Cookie", session)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("data-stream=\"/api/reports/campaigns/c-1/stream\"")
                .contains("hx-trigger=\"load, board-changed, every 20s\"").contains("/console/static/board-live.js");
        HttpResponse<String> script = http.send(HttpRequest.newBuilder(uri("/console/static/board-live.js")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.body()).contains("new EventSource(board.dataset.stream)").contains("'board-changed'");
    }

    /** The board's EventSource carries the session cookie; Fetch Metadata says whether the console's page opened it. */
    @Test
    void givesTheStreamToTheConsolesOwnPagesWithTheSessionCookieOnly() throws Exception {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(uri("/console/login"))
                .header("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE).header("Origin", "http://127.0.0.1:" + port)
                .POST(HttpRequest.BodyPublishers.ofString("username=tran.thi.lan&password=demo")).build(),
                HttpResponse.BodyHandlers.ofString());
        String session = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        HttpResponse<String> own = http.send(HttpRequest.newBuilder(uri("/api/reports/campaigns/c-2/stream"))
                .header("Cookie", session).header("Accept", "text/event-stream").header("Sec-Fetch-Site", "same-origin")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains("data:{\"rev\":1}");
        HttpResponse<String> foreign = http.send(HttpRequest.newBuilder(uri("/api/reports/campaigns/c-2/stream"))
                .header("Cookie", session).header("Accept", "text/event-stream").header("Sec-Fetch-Site", "cross-site")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.statusCode()).isEqualTo(403);
    }

    private static String nextData(BlockingQueue<String> lines, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line != null && line.startsWith("data:")) {
                return line;
            }
        }
        return null;
    }
}
