package vn.govcomm.fakes.signage;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import vn.govcomm.fakes.http.Json;

/**
 * A simulated LED screen (or its player PC) speaking the platform's own vendor-neutral signage protocol
 * (led-screens.md) against OUR server: it polls its playlist with {@code If-None-Match}, acknowledges items and
 * sends heartbeats. It can misbehave as real devices do: late and batched acks (held, then flushed), duplicate
 * acks, acks out of order, a stale validator, and going silent then coming back (acks made while silent are
 * delivered late, in one batch). Paths and the credential header are configurable, as the server is ours.
 */
public final class FakeScreen implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FakeScreen.class);

    private final String baseUrl;
    private final String screenId;
    private final String credential;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Instant bootedAt;
    private volatile Clock clock = Clock.systemUTC();
    private volatile String credentialHeader = "Authorization";
    private volatile String credentialPrefix = "Bearer ";
    private volatile String playlistPath = "/signage/{screenId}/playlist";
    private volatile String ackPath = "/signage/{screenId}/ack";
    private volatile String heartbeatPath = "/signage/{screenId}/heartbeat";
    private volatile boolean autoReceive = true;

    private final List<ScreenPoll> polls = new ArrayList<>();
    private final List<ScreenAck> sent = new ArrayList<>();
    private final List<ScreenAck> held = new ArrayList<>();
    private final Set<String> received = new HashSet<>();
    private List<PlaylistItem> playlist = List.of();
    private String etag;
    private String version;
    private String forcedValidator;
    private boolean holding;
    private boolean silent;
    private boolean duplicate;
    private Random shuffle;
    private Thread poller;

    public FakeScreen(String baseUrl, String screenId, String credential) {
        this.baseUrl = baseUrl;
        this.screenId = screenId;
        this.credential = credential;
        this.bootedAt = Instant.now();
    }

    // ---- configuration -------------------------------------------------------------------------------------------

    public FakeScreen clock(Clock value) {
        clock = value;
        return this;
    }

    /** How the device credential is sent; default {@code Authorization: Bearer <credential>}. */
    public FakeScreen credentialHeader(String header, String prefix) {
        credentialHeader = header;
        credentialPrefix = prefix;
        return this;
    }

    /** Path templates with {@code {screenId}}. */
    public FakeScreen paths(String playlist, String ack, String heartbeat) {
        playlistPath = playlist;
        ackPath = ack;
        heartbeatPath = heartbeat;
        return this;
    }

    /** When true (default) the screen acknowledges RECEIVED for each new item it pulls. */
    public FakeScreen autoReceive(boolean value) {
        autoReceive = value;
        return this;
    }

    /** Every ack is sent twice. */
    public synchronized FakeScreen duplicateAcks(boolean value) {
        duplicate = value;
        return this;
    }

    /** Held acks are flushed in a seeded random order instead of the order they happened in. */
    public synchronized FakeScreen shuffleAcks(long seed) {
        shuffle = new Random(seed);
        return this;
    }

    // ---- behaviour -----------------------------------------------------------------------------------------------

    /** Polls once, sending If-None-Match with the last ETag (or the forced stale one). */
    public synchronized ScreenPoll poll() {
        Instant now = clock.instant();
        if (silent) {
            return remember(new ScreenPoll(now, null, 0, etag, version));
        }
        String validator = forcedValidator != null ? forcedValidator : etag;
        forcedValidator = null;
        HttpRequest.Builder request = request(playlistPath).GET();
        if (validator != null) {
            request.header("If-None-Match", validator);
        }
        HttpResponse<String> response = send(request.build());
        if (response == null) {
            return remember(new ScreenPoll(now, validator, -1, etag, version));
        }
        if (response.statusCode() == 200) {
            etag = response.headers().firstValue("ETag").orElse(null);
            JsonNode body = Json.parse(response.body());
            version = Json.text(body, "version");
            List<PlaylistItem> items = new ArrayList<>();
            body.path("items").forEach(i -> items.add(new PlaylistItem(Json.text(i, "noticeId"),
                    Json.text(i, "deliveryId"), Json.text(i, "text"), Json.text(i, "validFrom"),
                    Json.text(i, "validTo"), i.path("priority").asInt(), i.path("durationSec").asInt())));
            playlist = List.copyOf(items);
            if (autoReceive) {
                items.stream().map(PlaylistItem::deliveryId).filter(received::add)
                        .forEach(id -> queueAck(id, "RECEIVED"));
            }
        }
        return remember(new ScreenPoll(now, validator, response.statusCode(), etag, version));
    }

    /** Polls every {@code interval} on a virtual thread until {@link #stopPolling()} or {@link #close()}. */
    public synchronized void startPolling(Duration interval) {
        stopPolling();
        poller = Thread.ofVirtual().name("fake-screen-" + screenId).start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                poll();
                try {
                    Thread.sleep(interval);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    public synchronized void stopPolling() {
        if (poller != null) {
            poller.interrupt();
            poller = null;
        }
    }

    /** The next poll sends this validator instead of the stored ETag (e.g. a stale or made-up one). */
    public synchronized FakeScreen nextPollValidator(String validator) {
        forcedValidator = validator;
        return this;
    }

    public synchronized void displayed(String deliveryId) {
        queueAck(deliveryId, "DISPLAYED");
    }

    public synchronized void expired(String deliveryId) {
        queueAck(deliveryId, "EXPIRED");
    }

    public synchronized void failed(String deliveryId) {
        queueAck(deliveryId, "ERROR");
    }

    /** From now on acks are kept on the device until {@link #flushAcks()}: they arrive late, in a batch. */
    public synchronized void holdAcks() {
        holding = true;
    }

    /** Sends every held ack (shuffled and/or doubled if so configured) and stops holding. */
    public synchronized List<ScreenAck> flushAcks() {
        holding = false;
        List<ScreenAck> batch = new ArrayList<>(held);
        held.clear();
        if (shuffle != null) {
            Collections.shuffle(batch, shuffle);
        }
        List<ScreenAck> results = new ArrayList<>();
        batch.forEach(a -> results.addAll(sendAck(a)));
        return results;
    }

    public synchronized int heartbeat(String currentItem) {
        if (silent) {
            return 0;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("playlistVersion", version);
        body.put("currentItem", currentItem);
        body.put("uptime", Duration.between(bootedAt, Instant.now()).toSeconds());
        HttpResponse<String> response = send(request(heartbeatPath).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build());
        return response == null ? -1 : response.statusCode();
    }

    /** No polls, heartbeats or acks reach the server; acks made meanwhile wait on the device. */
    public synchronized void goSilent() {
        silent = true;
    }

    /** Back online: the acks made while silent are sent now, late and in one batch. */
    public synchronized List<ScreenAck> comeBack() {
        silent = false;
        return holding ? List.of() : flushAcks();
    }

    // ---- inspection ----------------------------------------------------------------------------------------------

    public synchronized List<ScreenPoll> polls() {
        return List.copyOf(polls);
    }

    public synchronized List<ScreenAck> sentAcks() {
        return List.copyOf(sent);
    }

    public synchronized List<ScreenAck> heldAcks() {
        return List.copyOf(held);
    }

    public synchronized List<PlaylistItem> playlist() {
        return playlist;
    }

    public synchronized String etag() {
        return etag;
    }

    public synchronized String version() {
        return version;
    }

    @Override
    public void close() {
        stopPolling();
        client.close();
    }

    // ---- internals -----------------------------------------------------------------------------------------------

    private void queueAck(String deliveryId, String state) {
        ScreenAck ack = new ScreenAck(deliveryId, state, clock.instant(), null, -1);
        if (holding || silent) {
            held.add(ack);
        } else {
            sendAck(ack);
        }
    }

    private List<ScreenAck> sendAck(ScreenAck ack) {
        List<ScreenAck> results = new ArrayList<>();
        for (int i = 0; i < (duplicate ? 2 : 1); i++) {
            Map<String, Object> body = Map.of("deliveryId", ack.deliveryId(), "state", ack.state(),
                    "at", ack.at().toString());
            HttpResponse<String> response = send(request(ackPath).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build());
            ScreenAck result = new ScreenAck(ack.deliveryId(), ack.state(), ack.at(), clock.instant(),
                    response == null ? -1 : response.statusCode());
            sent.add(result);
            results.add(result);
        }
        return results;
    }

    private HttpRequest.Builder request(String pathTemplate) {
        return HttpRequest.newBuilder(URI.create(baseUrl + pathTemplate.replace("{screenId}", screenId)))
                .timeout(Duration.ofSeconds(10))
                .header(credentialHeader, credentialPrefix + credential);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            log.debug("screen {}: {} failed: {}", screenId, request.uri(), e.toString());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private ScreenPoll remember(ScreenPoll poll) {
        polls.add(poll);
        return poll;
    }
}
