package vn.govcomm.gateway;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A real HTTP upstream standing in for the services: answers with the path, method and the identity headers it
 * received (so tests see exactly what the gateway forwarded); {@code GET /api/campaigns} answers an empty list.
 */
final class EchoUpstream implements AutoCloseable {

    private final HttpServer server;

    EchoUpstream() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonMapper json = JsonMapper.builder().build();
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            if ("GET".equals(exchange.getRequestMethod()) && path.equals("/api/campaigns")) {
                body = "[]".getBytes(StandardCharsets.UTF_8);
            } else {
                Map<String, Object> echo = new LinkedHashMap<>();
                echo.put("path", path);
                echo.put("method", exchange.getRequestMethod());
                Map<String, String> identity = new TreeMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> {
                    if (k.toLowerCase().startsWith("x-user-")) {
                        identity.put(k.toLowerCase(), String.join(",", v));
                    }
                });
                echo.put("identity", identity);
                body = json.writeValueAsBytes(echo);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
