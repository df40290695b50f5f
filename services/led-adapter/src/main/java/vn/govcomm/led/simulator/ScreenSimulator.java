package vn.govcomm.led.simulator;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;

/**
 * A small LED screen for demos: polls its playlist with If-None-Match, acknowledges RECEIVED for new items,
 * "shows" the items that are due (printing each page as the panel would), acknowledges DISPLAYED, and sends a
 * heartbeat every cycle. An item with {@code repeatEveryMinutes} is shown again once that much time passed.
 * Usage: {@code ScreenSimulator <adapterBaseUrl> <screenId> <secret> [pollSeconds=15] [cycles=0 (forever)]}.
 */
public final class ScreenSimulator {

    private final String baseUrl;
    private final String screenId;
    private final String secret;
    private final Clock clock;
    private final PrintStream out;
    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Instant bootedAt;
    private final Map<String, Instant> lastShown = new HashMap<>();
    private final Set<String> received = new HashSet<>();
    private String etag;
    private String version;
    private List<JsonNode> items = List.of();

    public ScreenSimulator(String baseUrl, String screenId, String secret, Clock clock, PrintStream out) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.screenId = screenId;
        this.secret = secret;
        this.clock = clock;
        this.out = out;
        this.bootedAt = clock.instant();
    }

    /** What one cycle did. */
    public record Cycle(int pollStatus, String version, List<String> shown, int ackStatus, int heartbeatStatus) {
    }

    public Cycle cycle() {
        int pollStatus = poll();
        Instant now = clock.instant();
        List<Map<String, Object>> acks = new ArrayList<>();
        List<String> shown = new ArrayList<>();
        for (JsonNode item : items) {
            String id = item.path("deliveryId").asString();
            if (received.add(id)) {
                acks.add(ack(id, "RECEIVED", now));
            }
            if (!now.isBefore(Instant.parse(item.path("validTo").asString()))) {
                continue;
            }
            JsonNode repeat = item.path("repeatEveryMinutes");
            Instant last = lastShown.get(id);
            boolean due = last == null || repeat.isMissingNode() || repeat.isNull()
                    || !now.isBefore(last.plus(Duration.ofMinutes(repeat.asInt())));
            if (due) {
                show(item);
                lastShown.put(id, now);
                shown.add(id);
                acks.add(ack(id, "DISPLAYED", now));
            }
        }
        int ackStatus = acks.isEmpty() ? 0 : post("/ack", acks);
        Map<String, Object> heartbeat = new LinkedHashMap<>();
        heartbeat.put("playlistVersion", version);
        heartbeat.put("currentItem", shown.isEmpty() ? null : shown.getLast());
        heartbeat.put("uptime", Duration.between(bootedAt, clock.instant()).toSeconds());
        int heartbeatStatus = post("/heartbeat", heartbeat);
        return new Cycle(pollStatus, version, shown, ackStatus, heartbeatStatus);
    }

    private int poll() {
        HttpRequest.Builder request = request("/playlist").GET();
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        HttpResponse<String> response = send(request.build());
        if (response == null) {
            return -1;
        }
        if (response.statusCode() == 200) {
            etag = response.headers().firstValue("ETag").orElse(null);
            JsonNode body = json.readTree(response.body());
            version = body.path("version").asString();
            List<JsonNode> list = new ArrayList<>();
            body.path("items").forEach(list::add);
            items = List.copyOf(list);
            out.printf("[%s] playlist %s: %d item(s)%n", screenId, version, items.size());
        } else if (response.statusCode() != 304) {
            out.printf("[%s] poll answered %d: %s%n", screenId, response.statusCode(), response.body());
        }
        return response.statusCode();
    }

    private void show(JsonNode item) {
        int width = item.path("lines").valueStream().mapToInt(l -> l.asString().length()).max().orElse(0);
        String border = "+" + "-".repeat(width + 2) + "+";
        int page = 1;
        for (JsonNode lines : item.path("pages")) {
            out.printf("[%s] %s %s page %d/%d (%d s)%n", screenId, item.path("priorityLevel").asString(),
                    item.path("deliveryId").asString(), page++, item.path("pages").size(), item.path("pageDurationSec").asInt());
            out.println(border);
            lines.forEach(l -> out.println("| " + pad(l.asString(), width) + " |"));
            out.println(border);
        }
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    private static Map<String, Object> ack(String deliveryId, String state, Instant at) {
        return Map.of("deliveryId", deliveryId, "state", state, "at", at.toString());
    }

    private int post(String path, Object body) {
        HttpResponse<String> response = send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body), StandardCharsets.UTF_8)).build());
        if (response != null && response.statusCode() >= 300) {
            out.printf("[%s] POST %s answered %d: %s%n", screenId, path, response.statusCode(), response.body());
        }
        return response == null ? -1 : response.statusCode();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + "/signage/" + screenId + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + secret);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            out.printf("[%s] %s failed: %s%n", screenId, request.uri(), e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 3) {
            System.err.println("usage: ScreenSimulator <adapterBaseUrl> <screenId> <secret> [pollSeconds=15] [cycles=0]");
            System.exit(2);
        }
        int pollSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 15;
        int cycles = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        ScreenSimulator screen = new ScreenSimulator(args[0], args[1], args[2], Clock.systemUTC(), System.out);
        for (int i = 0; cycles == 0 || i < cycles; i++) {
            Cycle cycle = screen.cycle();
            System.out.printf("[%s] poll %d, version %s, shown %s, heartbeat %d%n", args[1], cycle.pollStatus(),
                    cycle.version(), cycle.shown(), cycle.heartbeatStatus());
            if (cycles == 0 || i < cycles - 1) {
                Thread.sleep(Duration.ofSeconds(pollSeconds)); // a device's poll loop, not a test
            }
        }
    }
}
