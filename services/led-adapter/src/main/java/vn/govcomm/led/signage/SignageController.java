package vn.govcomm.led.signage;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.kit.web.ApiProblem.FieldProblem;
import vn.govcomm.led.playlists.DeviceAcks;
import vn.govcomm.led.playlists.Playlists;
import vn.govcomm.led.screens.ScreenCredentials;
import vn.govcomm.led.screens.ScreenRegistry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The platform's vendor-neutral signage protocol (led-screens.md), for screens and their player PCs: playlist
 * polling with a strong ETag (304 without a body), acks (one object, or an array for a batch) and heartbeats.
 * Every call carries the screen's own device credential ({@code Authorization: Bearer <secret>}); the paths are
 * public for the platform's caller tokens ({@code govcomm.security.public-paths}). The credential is checked
 * before a body is read, and a body is read only up to {@code govcomm.led.signage.max-body-size} (413 beyond).
 */
@RestController
@RequestMapping("/signage/{screenId}")
class SignageController {

    private static final CacheControl REVALIDATE = CacheControl.noCache().cachePrivate();
    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private final ScreenCredentials credentials;
    private final Playlists playlists;
    private final DeviceAcks acks;
    private final ScreenRegistry screens;
    private final JsonMapper json;
    private final int maxBodyBytes;
    private final Clock clock = Clock.systemUTC();

    SignageController(ScreenCredentials credentials, Playlists playlists, DeviceAcks acks, ScreenRegistry screens,
                      JsonMapper json, SignageProperties properties) {
        this.credentials = credentials;
        this.playlists = playlists;
        this.acks = acks;
        this.screens = screens;
        this.json = json;
        this.maxBodyBytes = Math.toIntExact(properties.maxBodySize().toBytes());
    }

    @GetMapping("/playlist")
    ResponseEntity<Map<String, Object>> playlist(@PathVariable String screenId,
                                                 @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
                                                 @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        credentials.authenticate(screenId, auth);
        Playlists.Playlist playlist = playlists.current(screenId);
        if (matches(ifNoneMatch, playlist.etag())) {
            playlists.notModified(screenId, playlist);
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(playlist.etag()).cacheControl(REVALIDATE).build();
        }
        playlists.delivered(screenId, playlist);
        return ResponseEntity.ok().eTag(playlist.etag()).cacheControl(REVALIDATE).body(playlist.body());
    }

    /**
     * One ack {@code {deliveryId, state, at}} → 200 with its outcome, 404 if the delivery is not on this screen;
     * an array (a device's held acks, sent late in one batch) → 200 with one outcome per ack, unknown ones marked
     * UNKNOWN so that one stale id does not make the device resend the whole batch forever.
     */
    @PostMapping("/ack")
    Object ack(@PathVariable String screenId,
               @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
               HttpServletRequest request) throws IOException {
        credentials.authenticate(screenId, auth);
        JsonNode root = parse(body(request));
        if (root.isArray()) {
            List<Ack> batch = new ArrayList<>();
            List<FieldProblem> problems = new ArrayList<>();
            for (int i = 0; i < root.size(); i++) {
                batch.add(ack(root.get(i), "[" + i + "].", problems));
            }
            if (root.isEmpty()) {
                problems.add(new FieldProblem("", "empty", "Danh sách xác nhận rỗng", "The batch is empty"));
            }
            requireValid(problems);
            List<Map<String, Object>> results = batch.stream()
                    .map(a -> result(a, acks.acknowledge(screenId, a.deliveryId(), a.state(), a.at()))).toList();
            return Map.of("results", results);
        }
        List<FieldProblem> problems = new ArrayList<>();
        Ack one = ack(root, "", problems);
        requireValid(problems);
        DeviceAcks.Outcome outcome = acks.acknowledge(screenId, one.deliveryId(), one.state(), one.at());
        if (outcome == DeviceAcks.Outcome.UNKNOWN) {
            throw new ApiProblem(HttpStatus.NOT_FOUND, "unknown-delivery", "Không có thông báo " + one.deliveryId()
                    + " trên màn hình này. / No delivery " + one.deliveryId() + " on this screen.");
        }
        return result(one, outcome);
    }

    @PostMapping("/heartbeat")
    Map<String, Object> heartbeat(@PathVariable String screenId,
                                  @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
                                  HttpServletRequest request) throws IOException {
        credentials.authenticate(screenId, auth);
        JsonNode root = parse(body(request));
        List<FieldProblem> problems = new ArrayList<>();
        if (!root.isObject()) {
            problems.add(new FieldProblem("", "not-an-object", "Phải là một đối tượng JSON", "Must be a JSON object"));
        }
        JsonNode uptime = root.path("uptime");
        if (!uptime.isMissingNode() && !uptime.isNull() && (!uptime.isIntegralNumber() || uptime.asLong() < 0)) {
            problems.add(new FieldProblem("uptime", "invalid", "Thời gian hoạt động phải là số giây không âm",
                    "uptime must be a non-negative number of seconds"));
        }
        requireValid(problems);
        screens.heartbeat(screenId, text(root, "playlistVersion"), text(root, "currentItem"),
                uptime.isIntegralNumber() ? uptime.asLong() : null);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "ONLINE");
        answer.put("serverTime", clock.instant().toString());
        // Lets a device that missed a change re-poll at once instead of waiting for its next poll.
        answer.put("playlistVersion", playlists.current(screenId).version());
        return answer;
    }

    private record Ack(String deliveryId, DeviceAcks.State state, Instant at) {
    }

    private Ack ack(JsonNode node, String prefix, List<FieldProblem> problems) {
        if (node == null || !node.isObject()) {
            problems.add(new FieldProblem(prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1),
                    "not-an-object", "Phải là một đối tượng JSON", "Must be a JSON object"));
            return null;
        }
        String deliveryId = text(node, "deliveryId");
        if (deliveryId == null || deliveryId.isBlank() || deliveryId.length() > 120) {
            problems.add(new FieldProblem(prefix + "deliveryId", "required", "Thiếu mã lượt đăng", "deliveryId is required"));
        }
        DeviceAcks.State state = null;
        try {
            state = DeviceAcks.State.valueOf(String.valueOf(text(node, "state")));
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(prefix + "state", "invalid",
                    "Trạng thái phải là RECEIVED, DISPLAYED, EXPIRED hoặc ERROR",
                    "state must be RECEIVED, DISPLAYED, EXPIRED or ERROR"));
        }
        Instant at = null;
        try {
            at = Instant.parse(String.valueOf(text(node, "at")));
            if (at.isAfter(clock.instant().plus(MAX_CLOCK_SKEW))) {
                problems.add(new FieldProblem(prefix + "at", "in-future", "Thời điểm nằm ở tương lai",
                        "at is in the future"));
            }
        } catch (DateTimeParseException e) {
            problems.add(new FieldProblem(prefix + "at", "invalid", "Thời điểm phải theo ISO 8601 (UTC)",
                    "at must be an ISO 8601 instant"));
        }
        return new Ack(deliveryId, state, at);
    }

    private static Map<String, Object> result(Ack ack, DeviceAcks.Outcome outcome) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("deliveryId", ack.deliveryId());
        result.put("state", ack.state().name());
        result.put("outcome", outcome.name());
        return result;
    }

    /**
     * The body of an authenticated device's request, at most {@link #maxBodyBytes}: a larger declared length is
     * refused before reading, a chunked one as soon as it passes the limit. JSON is UTF-8 (RFC 8259).
     */
    private String body(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > maxBodyBytes) {
            throw tooLarge();
        }
        byte[] body = request.getInputStream().readNBytes(maxBodyBytes + 1);
        if (body.length > maxBodyBytes) {
            throw tooLarge();
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    private ApiProblem tooLarge() {
        return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Nội dung yêu cầu quá lớn. / The request "
                + "body is larger than " + maxBodyBytes + " bytes; send held acks in smaller batches.");
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-json",
                    "Thiếu nội dung yêu cầu. / The request body is missing.");
        }
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-json",
                    "Nội dung yêu cầu không phải JSON hợp lệ. / The request body is not valid JSON.");
        }
    }

    private static void requireValid(List<FieldProblem> problems) {
        if (!problems.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed",
                    "Dữ liệu không hợp lệ. / The request has invalid fields.", problems);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || !value.isValueNode() ? null : value.asString();
    }

    /** RFC 9110 If-None-Match: a list of entity tags or "*"; weak comparison is what it uses. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }
}
