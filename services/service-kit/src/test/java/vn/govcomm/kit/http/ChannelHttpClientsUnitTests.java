package vn.govcomm.kit.http;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * What the push adapters' HTTP client does on its own, against a raw local socket server (so a test can drop a
 * connection, answer late or not at all): never resends, never follows a redirect, and tells "certainly not sent"
 * from "may have been sent".
 */
class ChannelHttpClientsUnitTests {

    /** What the server does with each request it has read completely. */
    private enum Answer { DROP, STALL, REDIRECT, OK }

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    @Test
    void aPostWhoseConnectionDropsIsSentOnceAndMayHaveBeenSent() throws Exception {
        RawServer server = server(Answer.DROP);
        CloseableHttpClient client = client(Duration.ofSeconds(2), Duration.ofSeconds(2), 4);

        IOException failure = failureOf(client, post(server, "/feed"));

        assertThat(failure).isNotNull();
        assertThat(ChannelHttpClients.nothingSent(failure)).as(failure.toString()).isFalse();
        // a retry, if there were one, would reach the server well within this time
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(server.requestLines).containsExactly("POST /feed HTTP/1.1"));
    }

    @Test
    void anAnswerTooLateEndsAsATimeoutThatMayHaveBeenSent() throws Exception {
        RawServer server = server(Answer.STALL);
        CloseableHttpClient client = client(Duration.ofSeconds(2), Duration.ofMillis(300), 4);

        IOException failure = failureOf(client, post(server, "/create"));

        assertThat(failure).isInstanceOf(SocketTimeoutException.class);
        assertThat(ChannelHttpClients.nothingSent(failure)).isFalse();
        assertThat(server.requestLines).containsExactly("POST /create HTTP/1.1");
    }

    @Test
    void aRefusedConnectionIsCertainlyNotSent() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        CloseableHttpClient client = client(Duration.ofSeconds(2), Duration.ofSeconds(2), 4);

        IOException failure = failureOf(client, new HttpPost("http://127.0.0.1:" + port + "/feed"));

        assertThat(failure).isNotNull();
        assertThat(ChannelHttpClients.nothingSent(failure)).as(failure.toString()).isTrue();
    }

    @Test
    void noFreeConnectionInTimeIsCertainlyNotSent() throws Exception {
        RawServer server = server(Answer.STALL);
        CloseableHttpClient client = client(Duration.ofMillis(300), Duration.ofSeconds(5), 1);
        CompletableFuture<Object> first = CompletableFuture.supplyAsync(() -> {
            try {
                return client.execute(post(server, "/first"), response -> response.getCode());
            } catch (IOException e) {
                return e;
            }
        });
        assertThat(server.read.await(5, TimeUnit.SECONDS)).isTrue(); // the only connection is taken

        IOException failure = failureOf(client, post(server, "/second"));

        assertThat(failure).isNotNull();
        assertThat(ChannelHttpClients.nothingSent(failure)).as(failure.toString()).isTrue();
        assertThat(server.requestLines).containsExactly("POST /first HTTP/1.1");
        first.cancel(true);
    }

    @Test
    void aRedirectIsAnsweredNotFollowed() throws Exception {
        RawServer server = server(Answer.REDIRECT);
        CloseableHttpClient client = client(Duration.ofSeconds(2), Duration.ofSeconds(2), 4);

        int status = client.execute(new HttpGet(server.url("/post")), response -> response.getCode());

        assertThat(status).isEqualTo(302);
        assertThat(server.requestLines).containsExactly("GET /post HTTP/1.1");
    }

    @Test
    void connectionsAreReused() throws Exception {
        RawServer server = server(Answer.OK);
        CloseableHttpClient client = client(Duration.ofSeconds(2), Duration.ofSeconds(2), 4);

        for (int i = 0; i < 5; i++) {
            int status = client.execute(post(server, "/call"), response -> response.getCode());
            assertThat(status).isEqualTo(200);
        }

        assertThat(server.requestLines).hasSize(5);
        assertThat(server.connections.get()).isEqualTo(1);
    }

    private static IOException failureOf(CloseableHttpClient client, ClassicHttpRequest request) {
        return catchThrowableOfType(IOException.class, () -> client.execute(request, response -> response.getCode()));
    }

    private CloseableHttpClient client(Duration connect, Duration read, int maxConnections) {
        CloseableHttpClient client = ChannelHttpClients.create(connect, read, maxConnections);
        closing.add(client);
        return client;
    }

    private static HttpPost post(RawServer server, String path) {
        HttpPost post = new HttpPost(server.url(path));
        post.setEntity(new StringEntity("{\"message\":\"Thông báo khảo sát\"}", ContentType.APPLICATION_JSON));
        return post;
    }

    private RawServer server(Answer answer) throws IOException {
        RawServer server = new RawServer(answer);
        closing.add(server);
        return server;
    }

    /** A one-request-at-a-time HTTP/1.1 server on a raw socket, keeping the connection open between requests. */
    private static final class RawServer implements AutoCloseable {
        final List<String> requestLines = new CopyOnWriteArrayList<>();
        final AtomicInteger connections = new AtomicInteger();
        final CountDownLatch read = new CountDownLatch(1);
        /** Released when the test ends: a stalled exchange's thread then goes away. */
        private final CountDownLatch released = new CountDownLatch(1);
        private final ServerSocket socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();
        private final Answer answer;

        RawServer(Answer answer) throws IOException {
            this.answer = answer;
            Thread.ofPlatform().daemon().name("raw-server").start(this::accept);
        }

        String url(String path) {
            return "http://127.0.0.1:" + socket.getLocalPort() + path;
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    accepted.add(s);
                    connections.incrementAndGet();
                    Thread.ofPlatform().daemon().start(() -> serve(s));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                while (true) {
                    String head = readHead(in);
                    if (head == null) {
                        return;
                    }
                    int length = 0;
                    for (String line : head.split("\r\n")) {
                        if (line.toLowerCase().startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(15).trim());
                        }
                    }
                    in.readNBytes(length);
                    requestLines.add(head.substring(0, head.indexOf("\r\n")));
                    read.countDown();
                    switch (answer) {
                        case DROP -> {
                            return;
                        }
                        case STALL -> released.await(10, TimeUnit.SECONDS); // answers nothing until the test ends
                        case REDIRECT -> s.getOutputStream().write(("HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\n"
                                + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        case OK -> s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the test is over or the client went away
            }
        }

        private static String readHead(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            int b;
            while ((b = in.read()) != -1) {
                head.append((char) b);
                if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                    return head.toString();
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            released.countDown();
            socket.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
