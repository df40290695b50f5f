package vn.govcomm.portal.outbound;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The outbound client against a local server (allow-listed by host:port, as the fakes are in the other tests). */
class OutboundHttpUnitTests {

    HttpServer server;
    List<String> received = new CopyOnWriteArrayList<>();
    Map<String, String> dns = new ConcurrentHashMap<>();
    OutboundHttp http;
    String base;
    final CountDownLatch testOver = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            received.add(path);
            try (exchange) {
                switch (path) {
                    case "/ok" -> send(exchange.getResponseBody(), exchange, 200, "ok".getBytes(StandardCharsets.UTF_8));
                    case "/redirect" -> {
                        exchange.getResponseHeaders().add("Location", "/redirected");
                        exchange.sendResponseHeaders(302, -1);
                    }
                    case "/big" -> send(exchange.getResponseBody(), exchange, 200, new byte[2 * 1024 * 1024]);
                    case "/big-chunked" -> {
                        exchange.sendResponseHeaders(200, 0); // chunked: no Content-Length
                        OutputStream out = exchange.getResponseBody();
                        for (int i = 0; i < 64; i++) {
                            out.write(new byte[32 * 1024]);
                        }
                    }
                    case "/slow" -> {
                        hold(Duration.ofSeconds(5)); // answers no sooner than the test ends (or 5 s)
                        exchange.sendResponseHeaders(200, -1);
                    }
                    case "/drip" -> {
                        exchange.sendResponseHeaders(200, 0);
                        OutputStream out = exchange.getResponseBody();
                        for (int i = 0; i < 30; i++) {
                            out.write('x');
                            out.flush();
                            hold(Duration.ofMillis(100)); // the drip's pace: every read is quick, the whole is slow
                        }
                    }
                    default -> exchange.sendResponseHeaders(404, -1);
                }
            } catch (java.io.IOException e) {
                // the client went away: expected for the capped and timed-out answers
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        OutboundProperties properties = new OutboundProperties(true, List.of("127.0.0.1:" + server.getAddress().getPort()),
                Duration.ofSeconds(2), Duration.ofMillis(800), DataSize.ofMegabytes(1));
        http = new OutboundHttp(new OutboundUrlPolicy(properties.allowHttp(), properties.allowedHosts(), host -> {
            String address = dns.get(host);
            return address != null ? new InetAddress[] {InetAddress.getByName(address)} : InetAddress.getAllByName(host);
        }), properties);
    }

    @AfterEach
    void stop() {
        testOver.countDown();
        server.stop(0);
        http.close();
    }

    @Test
    void anAllowListedLocalServerAnswers() throws Exception {
        OutboundHttp.Answer answer = http.send(http.request(URI.create(base + "/ok")).GET().build());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("ok");
    }

    @Test
    void redirectsAreAnswersNotFollowed() throws Exception {
        assertThat(http.send(http.request(URI.create(base + "/redirect")).GET().build()).status()).isEqualTo(302);
        assertThat(received).containsExactly("/redirect");
    }

    @Test
    void aBodyOverTheCapFailsTheCallWhetherDeclaredOrChunked() {
        for (String path : List.of("/big", "/big-chunked")) {
            assertThatThrownBy(() -> http.send(http.request(URI.create(base + path)).GET().build())).as(path)
                    .isInstanceOf(OutboundHttp.ResponseTooLargeException.class);
        }
    }

    @Test
    void theWholeExchangeMustEndWithinTheReadTimeout() {
        for (String path : List.of("/slow", "/drip")) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> http.send(http.request(URI.create(base + path)).GET().build())).as(path)
                    .isInstanceOf(HttpTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
        }
    }

    @Test
    void theUrlIsCheckedAgainAtCallTimeBecauseDnsCanChange() throws Exception {
        dns.put("wp.example.vn", "203.113.131.5");
        URI configured = http.policy().check("http://wp.example.vn/wp-json/wp/v2/posts");
        dns.put("wp.example.vn", "127.0.0.1"); // rebinding: the same name now points inside
        assertThatThrownBy(() -> http.send(http.request(configured).GET().build()))
                .isInstanceOfSatisfying(OutboundUrlPolicy.Refused.class, e -> assertThat(e.code()).isEqualTo("private-address"));
        assertThatThrownBy(() -> http.sendDiscarding(http.request(URI.create("http://localhost:"
                + server.getAddress().getPort() + "/ok")).GET().build())).isInstanceOf(OutboundUrlPolicy.Refused.class);
        assertThat(received).isEmpty();
    }

    private static void send(OutputStream out, com.sun.net.httpserver.HttpExchange exchange, int status, byte[] body)
            throws java.io.IOException {
        exchange.sendResponseHeaders(status, body.length);
        out.write(body);
    }

    /** The fake server holds its answer until the test is over (released in {@link #stop}) or {@code most}. */
    private void hold(Duration most) {
        try {
            testOver.await(most.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
