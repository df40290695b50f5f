package vn.govcomm.observability;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A real {@code prometheus} process (Debian package) with a generated configuration; stopped by {@link #close}. */
final class Prometheus implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final String url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Prometheus(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    static Optional<Path> binary() {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/local/bin").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "prometheus");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * @param jobs     job name → host:port of its /actuator/prometheus
     * @param ruleGlob absolute glob of the alert rule files to load
     */
    static Prometheus start(Path binary, Path work, Map<String, String> jobs, String ruleGlob) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        StringBuilder config = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                rule_files:
                  - "%s"
                scrape_configs:
                """.formatted(ruleGlob));
        jobs.forEach((job, target) -> config.append("""
                  - job_name: %s
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: ["%s"]
                        labels: { platform: govcomm }
                """.formatted(job, target)));
        Path file = work.resolve("prometheus.yml");
        Files.writeString(file, config);
        Process process = new ProcessBuilder(binary.toString(), "--config.file=" + file,
                "--storage.tsdb.path=" + work.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--storage.tsdb.retention.time=1h")
                .redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile()).start();
        return new Prometheus(process, "http://127.0.0.1:" + port);
    }

    boolean ready() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Instant query; the {@code data.result} array (empty when the expression returns no data). */
    JsonNode query(String promql) {
        JsonNode body = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (!"success".equals(body.path("status").asString())) {
            throw new AssertionError("Prometheus rejected " + promql + ": " + body);
        }
        return body.path("data").path("result");
    }

    /** Label names of every series matching the selector. */
    List<String> labelNames(String selector) {
        JsonNode body = get("/api/v1/labels?match[]=" + URLEncoder.encode(selector, StandardCharsets.UTF_8));
        return body.path("data").valueStream().map(JsonNode::asString).toList();
    }

    JsonNode rules() {
        return get("/api/v1/rules");
    }

    private JsonNode get(String path) {
        try {
            return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
