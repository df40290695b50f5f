package vn.govcomm.gateway;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP upstream standing in for the services: answers with the path, method, the {@code Authorization} and
 * {@code Cookie} it received and any {@code X-User-*} headers (so tests see exactly what the gateway forwarded);
 * {@code GET /api/campaigns} answers an empty list. Every request whose body it read to the end and answered is in
 * {@link #received} (a request whose body was cut off never gets there).
 */
public final class EchoUpstream implements AutoCloseable {

    /** A request the upstream read completely and answered. */
    public record Received(String method, String path, Map<String, String> headers, int bodyBytes) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    public final List<Received> received = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    public EchoUpstream() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        JsonMapper json = JsonMapper.builder().build();
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] request = exchange.getRequestBody().readAllBytes(); // throws if the body is cut off
                String path = exchange.getRequestURI().getRawPath();
                Map<String, String> headers = new TreeMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
                byte[] body;
                if ("GET".equals(exchange.getRequestMethod()) && path.equals("/api/campaigns")) {
                    body = "[]".getBytes(StandardCharsets.UTF_8);
                } else {
                    Map<String, Object> echo = new LinkedHashMap<>();
                    echo.put("path", path);
                    echo.put("method", exchange.getRequestMethod());
                    Map<String, String> identity = new TreeMap<>();
                    headers.forEach((k, v) -> {
                        if (k.startsWith("x-user-")) {
                            identity.put(k, v);
                        }
                    });
                    echo.put("identity", identity);
                    echo.put("authorization", headers.get("authorization"));
                    echo.put("cookie", headers.get("cookie"));
                    echo.put("bodyBytes", request.length);
                    body = json.writeValueAsBytes(echo);
                }
                received.add(new Received(exchange.getRequestMethod(), path, headers, request.length));
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } catch (IOException aborted) {
                // a body cut off on the way: nothing is answered, nothing recorded
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The requests received for this path so far. */
    public List<Received> to(String path) {
        return new ArrayList<>(received.stream().filter(r -> r.path().equals(path)).toList());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
