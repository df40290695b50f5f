package vn.govcomm.led;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A scriptable screen for the tests: ETag polling, acks sent at once or held and flushed late as single
 * requests (duplicated and/or shuffled on demand). (infra/channel-fakes has a FakeScreen too, but the
 * channel-fakes jar installed on this machine predates it.)
 */
public final class TestScreen {

    public record Poll(int status, String sentIfNoneMatch, String etag, String version) {
    }

    public record Ack(String deliveryId, String state, Instant at) {
    }

    private final String baseUrl;
    private final String screenId;
    private final String secret;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final List<Ack> held = new ArrayList<>();
    private boolean holding;
    private String etag;
    private String version;
    private List<JsonNode> items = List.of();

    public TestScreen(String baseUrl, String screenId, String secret) {
        this.baseUrl = baseUrl;
        this.screenId = screenId;
        this.secret = secret;
    }

    public Poll poll() {
        HttpRequest.Builder request = request("/playlist").GET();
        String sent = etag;
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        HttpResponse<String> response = send(request.build());
        if (response.statusCode() == 200) {
            etag = response.headers().firstValue("ETag").orElse(null);
            JsonNode body = json.readTree(response.body());
            version = body.path("version").asString();
            List<JsonNode> list = new ArrayList<>();
            body.path("items").forEach(list::add);
            items = list;
        }
        return new Poll(response.statusCode(), sent, etag, version);
    }

    public List<JsonNode> items() {
        return items;
    }

    public List<String> deliveryIds() {
        return items.stream().map(i -> i.path("deliveryId").asString()).toList();
    }

    public void holdAcks() {
        holding = true;
    }

    /** Sends an ack now (or keeps it, while holding); returns the status, 0 when held. */
    public int ack(String deliveryId, String state) {
        Ack ack = new Ack(deliveryId, state, Instant.now());
        if (holding) {
            held.add(ack);
            return 0;
        }
        return sendAck(ack);
    }

    public List<Ack> held() {
        return List.copyOf(held);
    }

    /** Sends the held acks one by one, each {@code copies} times, in a seeded random order. */
    public List<Integer> flush(int copies, long seed) {
        List<Ack> batch = new ArrayList<>(held);
        held.clear();
        holding = false;
        Collections.shuffle(batch, new Random(seed));
        List<Integer> statuses = new ArrayList<>();
        for (Ack ack : batch) {
            for (int i = 0; i < copies; i++) {
                statuses.add(sendAck(ack));
            }
        }
        return statuses;
    }

    public int heartbeat() {
        return send(request("/heartbeat").header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers
                .ofString(json.writeValueAsString(Map.of("playlistVersion", String.valueOf(version), "uptime", 60)))).build())
                .statusCode();
    }

    private int sendAck(Ack ack) {
        String body = json.writeValueAsString(Map.of("deliveryId", ack.deliveryId(), "state", ack.state(),
                "at", ack.at().toString()));
        return send(request("/ack").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build()).statusCode();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + "/signage/" + screenId + path))
                .header("Authorization", "Bearer " + secret);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
