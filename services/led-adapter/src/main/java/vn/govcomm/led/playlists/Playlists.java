package vn.govcomm.led.playlists;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.delivery.StatusReports.DeliveryRef;
import vn.govcomm.led.screens.ScreenSize;
import vn.govcomm.led.screens.ScreenRegistry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A screen's playlist as served now: only items valid at this instant (window and opening hours), rendered
 * for the screen's size, URGENT first. The version is a hash of what is served, so it changes exactly when the
 * content does and the strong ETag is that version.
 */
@Component
public class Playlists {

    private static final Logger log = LoggerFactory.getLogger(Playlists.class);

    private final PlaylistItems items;
    private final ScreenRegistry screens;
    private final AdapterDeliveries deliveries;
    private final PlaylistProperties properties;
    private final JsonMapper json;
    private final Clock clock;

    Playlists(PlaylistItems items, ScreenRegistry screens, AdapterDeliveries deliveries, PlaylistProperties properties,
              JsonMapper json) {
        this.items = items;
        this.screens = screens;
        this.deliveries = deliveries;
        this.properties = properties;
        this.json = json;
        this.clock = Clock.systemUTC();
    }

    /** What a playlist response carries; {@code etag} is the quoted version. */
    public record Playlist(String version, String etag, Map<String, Object> body, List<String> deliveryIds) {
    }

    public Playlist current(String screenId) {
        Instant now = clock.instant();
        ScreenSize size = screens.size(screenId);
        record Entry(Document item, Timetable.Slot slot) {
        }
        List<Entry> active = new ArrayList<>();
        for (Document item : items.servable(screenId)) {
            PlaylistItems.timetable(item).slotAt(now).ifPresent(slot -> active.add(new Entry(item, slot)));
        }
        active.sort(Comparator.<Entry>comparingInt(e -> "URGENT".equals(e.item().getString("priority")) ? 0 : 1)
                .thenComparing(e -> e.item().getDate("windowStart"))
                .thenComparing(e -> e.item().getString("_id")));
        List<Map<String, Object>> served = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Entry e : active) {
            Document item = e.item();
            Rendering.Rendered rendered;
            try {
                rendered = Rendering.render(item.getString("text"), item.getList("lines", String.class), size,
                        item.getInteger("durationSec", properties.defaultDurationSec()), properties.maxPages());
            } catch (Rendering.TooLong tooLong) {
                // Checked when queued; only a screen whose size shrank since gets here.
                log.warn("Item {} no longer fits screen {} ({} pages); not served", item.getString("_id"), screenId,
                        tooLong.pages);
                continue;
            }
            boolean urgent = "URGENT".equals(item.getString("priority"));
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("noticeId", item.getString("noticeId"));
            view.put("deliveryId", item.getString("_id"));
            view.put("text", item.getString("text"));
            view.put("lines", rendered.lines());
            view.put("pages", rendered.pages());
            view.put("pageDurationSec", rendered.pageDurationSec());
            view.put("validFrom", e.slot().from().toString());
            view.put("validTo", e.slot().to().toString());
            view.put("priority", urgent ? 1 : 0);
            view.put("priorityLevel", urgent ? "URGENT" : "NORMAL");
            view.put("durationSec", item.getInteger("durationSec", properties.defaultDurationSec()));
            view.put("repeatEveryMinutes", item.get("repeatEveryMinutes"));
            served.add(view);
            ids.add(item.getString("_id"));
        }
        Map<String, Object> screen = Map.of("lines", size.lines(), "charsPerLine", size.charsPerLine());
        String version = hash(json.writeValueAsString(Map.of("screen", screen, "items", served)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("screenId", screenId);
        body.put("version", version);
        body.put("screen", screen);
        body.put("items", served);
        return new Playlist(version, "\"" + version + "\"", body, ids);
    }

    /** The screen received this playlist in a 200: its items are FETCHED (reported once per item). */
    public void delivered(String screenId, Playlist playlist) {
        screens.polled(screenId, playlist.version());
        for (String id : items.markFetched(playlist.deliveryIds(), playlist.version())) {
            ref(id).ifPresent(ref -> deliveries.report(ref, DeliveryStatus.FETCHED, null, null,
                    "playlist:" + playlist.version(), null));
        }
    }

    /** A 304: the screen still holds the version it was given. */
    public void notModified(String screenId, Playlist playlist) {
        screens.polled(screenId, playlist.version());
    }

    Optional<DeliveryRef> ref(String deliveryId) {
        return deliveries.find(deliveryId).map(Playlists::ref);
    }

    static DeliveryRef ref(AdapterDeliveries.Stored stored) {
        Document request = stored.request();
        return new DeliveryRef(stored.deliveryId(), request.getString("campaignId"), request.getString("agencyId"),
                request.getString("endpointId"), stored.attempt());
    }

    static String hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
