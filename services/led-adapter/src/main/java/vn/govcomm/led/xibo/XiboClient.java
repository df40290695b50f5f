package vn.govcomm.led.xibo;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.Channels;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The Xibo CMS API calls the bridge needs (led-screens.md): OAuth2 client credentials (token cached until just
 * before expiry, dropped on a 401), form-encoded bodies, and Resilience4j retry of retryable failures only
 * (I/O, timeouts, 401, 429, 5xx; never a 4xx validation error). Creates (playlist, widget, layout, schedule) are
 * retried here only when the failure proves nothing was made (a refused connection, 401, 429, 503...): after an
 * unconfirmed one (no answer, 500/502/504) the bridge decides, looking first for what the call may have made.
 * Each call is timed in {@code govcomm.channel.calls{channel=led,operation,outcome}}; retries count in
 * {@code govcomm.channel.retries}.
 */
class XiboClient {

    static final DateTimeFormatter XIBO_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final XiboProperties properties;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final HttpClient http;
    private final Retry retry;
    private final Retry createRetry;
    private final Clock clock;
    private final String api;
    private volatile String token;
    private volatile Instant tokenExpiry = Instant.MIN;

    XiboClient(XiboProperties properties, JsonMapper json, MeterRegistry meters, Clock clock) {
        this.properties = properties;
        this.json = json;
        this.meters = meters;
        this.clock = clock;
        this.api = properties.baseUrl().replaceAll("/+$", "") + "/api";
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(properties.timeout()).build();
        this.retry = Retry.of(Channels.LED, RetryConfig.custom()
                .maxAttempts(properties.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(properties.retryWait(), 2.0))
                .retryOnException(e -> e instanceof XiboException x && x.retryable())
                .build());
        this.createRetry = Retry.of("led-create", RetryConfig.custom()
                .maxAttempts(properties.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(properties.retryWait(), 2.0))
                .retryOnException(e -> e instanceof XiboException x && x.retryable() && !x.unconfirmed())
                .build());
        Counter retries = Counter.builder("govcomm.channel.retries").tag("channel", Channels.LED).register(meters);
        retry.getEventPublisher().onRetry(e -> retries.increment());
        createRetry.getEventPublisher().onRetry(e -> retries.increment());
    }

    record Layout(int layoutId, int campaignId) {
    }

    record Display(int displayId, boolean loggedIn, Instant lastAccessed, int currentLayoutId) {
    }

    List<Display> displays(int displayGroupId) {
        List<Display> displays = new ArrayList<>();
        call("display.read", () -> send("GET", "/display?displayGroupId=" + displayGroupId, null))
                .forEach(d -> displays.add(new Display(d.path("displayId").asInt(), d.path("loggedIn").asInt(0) == 1,
                        Instant.ofEpochSecond(d.path("lastAccessed").asLong(0)), d.path("currentLayoutId").asInt(0))));
        return displays;
    }

    record Play(int displayId, int layoutId, int numberPlays, Instant start, Instant end) {
    }

    int createPlaylist(String name) {
        return create("playlist.create", () -> send("POST", "/playlist", form(Map.of("name", name, "isDynamic", "0"))))
                .path("playlistId").asInt();
    }

    int addTextWidget(int playlistId) {
        return create("widget.create", () -> send("POST", "/playlist/widget/text/" + playlistId, form(Map.of())))
                .path("widgetId").asInt();
    }

    void editTextWidget(int widgetId, String html, int durationSec) {
        call("widget.edit", () -> send("PUT", "/playlist/widget/" + widgetId, form(Map.of("text", html,
                "duration", Integer.toString(durationSec), "useDuration", "1"))));
    }

    Layout fullscreenLayout(int playlistId) {
        JsonNode body = create("layout.create", () -> send("POST", "/layout/fullscreen",
                form(Map.of("id", Integer.toString(playlistId), "type", "playlist"))));
        return new Layout(body.path("layoutId").asInt(), body.path("campaignId").asInt());
    }

    /** Schedules the layout's campaign; {@code name} (Xibo 4) tells operators whose event it is. */
    int schedule(String name, int campaignId, int displayGroupId, boolean priority, Instant from, Instant to) {
        String body = form(Map.of("eventTypeId", "1", "campaignId", Integer.toString(campaignId), "name", name,
                "displayOrder", "0", "isPriority", priority ? "1" : "0", "fromDt", date(from), "toDt", date(to)))
                + "&" + enc("displayGroupIds[]") + "=" + displayGroupId;
        return create("schedule.create", () -> send("POST", "/schedule", body)).path("eventId").asInt();
    }

    /**
     * The event of this campaign on the display group in the window, if Xibo has one
     * ({@code GET /schedule/data/events}): finds a schedule whose answer was lost. The layout's campaign is made
     * for one delivery only, so it is the event's marker.
     */
    Optional<Integer> findEvent(int campaignId, int displayGroupId, Instant from, Instant to) {
        String query = "?" + enc("displayGroupIds[]") + "=" + displayGroupId + "&campaignId=" + campaignId
                + "&from=" + enc(date(from)) + "&to=" + enc(date(to));
        JsonNode body = call("schedule.find", () -> send("GET", "/schedule/data/events" + query, null));
        for (JsonNode row : body.path("result")) {
            JsonNode event = row.path("event");
            if (event.path("campaignId").asInt(campaignId) == campaignId) {
                return Optional.of(row.path("id").asInt(event.path("eventId").asInt()));
            }
        }
        return Optional.empty();
    }

    void collectNow(int displayGroupId) {
        call("displaygroup.collect", () -> send("POST", "/displaygroup/" + displayGroupId + "/action/collectNow", form(Map.of())));
    }

    /** Returns false if the event was already gone (404): a retract is idempotent. */
    boolean deleteEvent(int eventId) {
        try {
            call("schedule.delete", () -> send("DELETE", "/schedule/" + eventId, null));
            return true;
        } catch (XiboException e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** Proof-of-play rows of a layout (type=layout) played between the two instants, all pages. */
    List<Play> layoutPlays(int layoutId, Instant from, Instant to) {
        List<Play> plays = new ArrayList<>();
        int start = 0;
        final int length = 500;
        while (true) {
            int offset = start;
            String query = "?type=layout&layoutId=" + layoutId + "&fromDt=" + enc(date(from)) + "&toDt=" + enc(date(to))
                    + "&start=" + offset + "&length=" + length;
            JsonNode rows = call("stats.read", () -> send("GET", "/stats" + query, null));
            rows.forEach(r -> plays.add(new Play(r.path("displayId").asInt(), r.path("layoutId").asInt(),
                    r.path("numberPlays").asInt(0), parse(r.path("start").asString()), parse(r.path("end").asString()))));
            if (rows.size() < length) {
                return plays;
            }
            start += length;
        }
    }

    // ---- plumbing ------------------------------------------------------------------------------------------------

    private JsonNode call(String operation, Supplier<JsonNode> call) {
        return Retry.decorateSupplier(retry, () -> timed(operation, call)).get();
    }

    /** A call that makes something: not repeated here when it may already have (see the class comment). */
    private JsonNode create(String operation, Supplier<JsonNode> call) {
        return Retry.decorateSupplier(createRetry, () -> timed(operation, call)).get();
    }

    private JsonNode timed(String operation, Supplier<JsonNode> call) {
        long started = System.nanoTime();
        String outcome = "success";
        try {
            return call.get();
        } catch (XiboException e) {
            outcome = e.retryable() ? "retryable" : "permanent";
            throw e;
        } finally {
            Timer.builder("govcomm.channel.calls").tag("channel", Channels.LED).tag("operation", "xibo." + operation)
                    .tag("outcome", outcome).register(meters)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private JsonNode send(String method, String path, String formBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path)).timeout(properties.timeout())
                .header("Authorization", "Bearer " + token()).header("Accept", "application/json");
        if (formBody != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded");
        }
        request.method(method, formBody == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(formBody));
        HttpResponse<String> response = exchange(request.build(), method + " " + path);
        if (response.statusCode() == 401) {
            tokenExpiry = Instant.MIN; // expired or revoked: the retry fetches a new one
        }
        if (response.statusCode() >= 300) {
            throw XiboException.ofStatus(method + " " + path, response.statusCode(), response.body(),
                    retryAfter(response.headers().firstValue("Retry-After").orElse(null)));
        }
        String body = response.body();
        return body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
    }

    private synchronized String token() {
        if (token != null && clock.instant().isBefore(tokenExpiry)) {
            return token;
        }
        String body = form(Map.of("grant_type", "client_credentials", "client_id", properties.clientId(),
                "client_secret", properties.clientSecret()));
        HttpResponse<String> response = exchange(HttpRequest.newBuilder(URI.create(api + "/authorize/access_token"))
                .timeout(properties.timeout()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), "token");
        if (response.statusCode() != 200) {
            // A refused client is a configuration error (permanent); a 5xx is retryable.
            throw new XiboException("Xibo token request answered " + response.statusCode(), response.statusCode(),
                    response.statusCode() >= 500 || response.statusCode() == 429, null);
        }
        JsonNode answer = json.readTree(response.body());
        token = answer.path("access_token").asString();
        long lifetime = answer.path("expires_in").asLong(3600);
        tokenExpiry = clock.instant().plusSeconds(Math.max(0, lifetime - 60));
        return token;
    }

    private HttpResponse<String> exchange(HttpRequest request, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new XiboException("Xibo " + what + " failed: " + e, -1, true, false, null, e); // nothing was sent
        } catch (IOException e) {
            throw new XiboException("Xibo " + what + " failed: " + e, -1, true, true, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping: the call may or may not have been made
            throw new XiboException("Interrupted during Xibo " + what, -1, true, true, null, e);
        }
    }

    /** {@code Retry-After}: delay-seconds or an HTTP-date (RFC 9110 §10.2.3); null when absent or unreadable. */
    Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration wait = Duration.between(clock.instant(),
                        ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private String date(Instant instant) {
        return XIBO_DATE.format(instant.atZone(properties.cmsZone()));
    }

    private Instant parse(String value) {
        return LocalDateTime.parse(value, XIBO_DATE).atZone(properties.cmsZone()).toInstant();
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
