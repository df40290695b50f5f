package vn.govcomm.led.xibo;

import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.DeliveryRetries;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.delivery.RetryLater;
import vn.govcomm.kit.delivery.StatusReports.DeliveryRef;
import vn.govcomm.led.screens.ScreenProperties;
import vn.govcomm.led.screens.ScreenRegistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Screens driven by a Xibo CMS, behind the same adapter. A publication is a chain of calls (playlist → text
 * widget → widget text → full-screen layout → schedule on the screen's display group → collectNow); each id is
 * stored in {@value #COLLECTION} as soon as it is known, so a crash or a redelivery resumes where it stopped
 * instead of starting over. Scheduled is ACCEPTED; DISPLAYED comes only from proof-of-play rows
 * ({@code GET /stats}), which players upload late and in batches, so they are polled for a while even after
 * the item was retracted. Retraction deletes the schedule event.
 *
 * <p>Xibo unavailable: {@link RetryLater}, so the kit keeps the delivery RETRYING with a persisted next-attempt
 * time and calls {@link #resume} again (through the adapter's {@code redelivered}) until the window ends. The one
 * step whose repetition would show a notice twice is the schedule: {@code scheduleSentAt} is recorded before
 * {@code POST /schedule}, and while no event id came back, the next try (or a retraction) first looks the event up
 * by its marker, the layout's campaign made for this delivery alone ({@code GET /schedule/data/events}). A
 * publication left half-way with no retry waiting (a crash at the wrong moment) is handed back to the kit's retries
 * by the sweep after {@code stale-after}.
 */
@Component
public class XiboBridge {

    static final String COLLECTION = "xibo_schedules";
    private static final Logger log = LoggerFactory.getLogger(XiboBridge.class);

    private final XiboProperties properties;
    private final MongoTemplate mongo;
    private final AdapterDeliveries deliveries;
    private final XiboClient client;
    private final ScreenRegistry screens;
    private final ScreenProperties screenProperties;
    private final DeliveryRetries retries;
    private final JsonMapper json;
    private final Clock clock = Clock.systemUTC();

    XiboBridge(XiboProperties properties, MongoTemplate mongo, AdapterDeliveries deliveries, ScreenRegistry screens,
               ScreenProperties screenProperties, DeliveryRetries retries, JsonMapper json, MeterRegistry meters) {
        this.properties = properties;
        this.retries = retries;
        this.json = json;
        this.screenProperties = screenProperties;
        this.screens = screens;
        this.mongo = mongo;
        this.deliveries = deliveries;
        this.client = properties.enabled() ? new XiboClient(properties, json, meters, clock) : null;
    }

    public boolean manages(String screenId) {
        return client != null && properties.screens().containsKey(screenId);
    }

    public void publish(XiboPublication p) {
        DeliveryRef ref = p.ref();
        String html = "<p>" + String.join("<br/>", p.lines().stream().map(l -> HtmlUtils.htmlEscape(l, "UTF-8")).toList()) + "</p>";
        Document previous = mongo.findById(ref.deliveryId(), Document.class, COLLECTION);
        Update update = new Update();
        if (previous != null && (previous.get("retractedAt") != null || "FAILED".equals(previous.getString("state")))) {
            // An officer's re-send after a retraction or a rejection: schedule anew (the old event is gone).
            List.of("playlistId", "widgetId", "widgetEdited", "layoutId", "xiboCampaignId", "eventId", "scheduleSentAt",
                    "displayed", "displayedAt", "displayId", "error", "retractPending").forEach(update::unset);
        }
        mongo.upsert(Query.query(Criteria.where("_id").is(ref.deliveryId())), update
                .set("campaignId", ref.campaignId()).set("agencyId", ref.agencyId()).set("endpointId", ref.endpointId())
                .set("attempt", ref.attempt()).set("screenId", p.screenId()).set("noticeId", p.noticeId())
                .set("displayGroupId", properties.screens().get(p.screenId()).displayGroupId())
                .set("html", html).set("durationSec", p.durationSec()).set("urgent", p.urgent())
                .set("from", Date.from(p.from())).set("to", Date.from(p.to()))
                .set("state", "PENDING").set("updatedAt", Date.from(clock.instant())).unset("retractedAt"), COLLECTION);
        resume(ref.deliveryId());
    }

    /**
     * Runs the remaining steps of a publication: ACCEPTED once scheduled, FAILED if Xibo refuses, otherwise
     * {@link RetryLater} (Xibo unavailable: the kit makes the delivery wait and calls again). Safe to call at any
     * time. Returns false if the bridge has no record of the delivery (it must be published first).
     */
    public boolean resume(String deliveryId) {
        Document doc = mongo.findById(deliveryId, Document.class, COLLECTION);
        if (doc == null) {
            return false;
        }
        String state = doc.getString("state");
        if (doc.get("retractedAt") != null) {
            return true;
        }
        if ("SCHEDULED".equals(state)) {
            // Scheduled, but the report may be what was lost (a crash in between).
            deliveries.report(ref(doc), DeliveryStatus.ACCEPTED, null, null, "xibo:event:" + doc.getInteger("eventId"), null);
            return true;
        }
        if (!"PENDING".equals(state)) {
            return true;
        }
        DeliveryRef ref = ref(doc);
        try {
            Integer playlistId = doc.getInteger("playlistId");
            if (playlistId == null) {
                playlistId = remember(deliveryId, "playlistId", client.createPlaylist("govcomm " + deliveryId));
            }
            Integer widgetId = doc.getInteger("widgetId");
            if (widgetId == null) {
                widgetId = remember(deliveryId, "widgetId", client.addTextWidget(playlistId));
            }
            if (!doc.getBoolean("widgetEdited", false)) {
                client.editTextWidget(widgetId, doc.getString("html"), doc.getInteger("durationSec"));
                mongo.updateFirst(byId(deliveryId), new Update().set("widgetEdited", true), COLLECTION);
            }
            Integer layoutId = doc.getInteger("layoutId");
            Integer campaignId = doc.getInteger("xiboCampaignId");
            if (layoutId == null) {
                XiboClient.Layout layout = client.fullscreenLayout(playlistId);
                layoutId = layout.layoutId();
                campaignId = layout.campaignId();
                mongo.updateFirst(byId(deliveryId), new Update().set("layoutId", layoutId)
                        .set("xiboCampaignId", campaignId).set("updatedAt", Date.from(clock.instant())), COLLECTION);
            }
            int displayGroupId = doc.getInteger("displayGroupId");
            Instant from = doc.getDate("from").toInstant();
            Instant to = doc.getDate("to").toInstant();
            Integer eventId = doc.getInteger("eventId");
            if (eventId == null && doc.get("scheduleSentAt") != null) {
                // An earlier POST /schedule may have worked although its answer never came: look before scheduling.
                eventId = client.findEvent(campaignId, displayGroupId, from, to).orElse(null);
                if (eventId != null) {
                    log.info("Xibo event {} of {} found by its campaign {}: adopted, not scheduled again", eventId,
                            deliveryId, campaignId);
                    remember(deliveryId, "eventId", eventId);
                }
            }
            if (eventId == null) {
                mongo.updateFirst(byId(deliveryId), new Update().set("scheduleSentAt", Date.from(clock.instant()))
                        .set("updatedAt", Date.from(clock.instant())), COLLECTION);
                eventId = remember(deliveryId, "eventId", client.schedule("govcomm " + deliveryId, campaignId,
                        displayGroupId, doc.getBoolean("urgent", false), from, to));
            }
            boolean scheduled = mongo.updateFirst(byId(deliveryId).addCriteria(Criteria.where("state").is("PENDING")),
                    new Update().set("state", "SCHEDULED"), COLLECTION).getModifiedCount() == 1;
            if (!scheduled) {
                // Retracted while the schedule call was on its way: the event must not outlive its campaign.
                log.info("Delivery {} was retracted while being scheduled: removing Xibo event {}", deliveryId, eventId);
                mongo.updateFirst(byId(deliveryId), new Update().set("retractPending", true), COLLECTION);
                deleteEvent(deliveryId);
                return true;
            }
            try {
                client.collectNow(displayGroupId); // only speeds the players up; they collect on their own anyway
            } catch (XiboException e) {
                log.info("collectNow for display group {} failed: {}", displayGroupId, e.getMessage());
            }
            deliveries.report(ref, DeliveryStatus.ACCEPTED, null, null, "xibo:event:" + eventId, null);
            return true;
        } catch (XiboException e) {
            if (e.retryable()) {
                log.warn("Xibo unavailable for {}: {}; will resume", deliveryId, e.getMessage());
                throw e.unconfirmed()
                        ? new RetryLater("XIBO_UNCONFIRMED", "Xibo CMS chưa xác nhận bước vừa gửi; hệ thống kiểm tra "
                        + "rồi tiếp tục, không lập lịch hai lần. / Xibo CMS did not confirm the last step; it is checked "
                        + "before going on, never scheduled twice.", e.retryAfter())
                        : new RetryLater("XIBO_UNAVAILABLE", "Không kết nối được Xibo CMS; hệ thống sẽ thử lại. / Xibo "
                        + "CMS unavailable; will retry.", e.retryAfter());
            } else {
                mongo.updateFirst(byId(deliveryId), new Update().set("state", "FAILED").set("error", e.getMessage()),
                        COLLECTION);
                deliveries.report(ref, DeliveryStatus.FAILED, "XIBO_REJECTED",
                        "Xibo CMS từ chối lịch phát: " + e.getMessage() + " / Xibo CMS rejected the schedule.", null, null);
            }
            return true;
        }
    }

    /** Deletes the schedule event (idempotent: an event already gone is fine). */
    public void retract(String deliveryId) {
        mongo.updateFirst(byId(deliveryId), new Update().set("retractedAt", Date.from(clock.instant()))
                .set("retractPending", true).set("state", "RETRACTED"), COLLECTION);
        deleteEvent(deliveryId);
    }

    private void deleteEvent(String deliveryId) {
        Document doc = mongo.findById(deliveryId, Document.class, COLLECTION);
        if (doc == null) {
            return;
        }
        Integer eventId = doc.getInteger("eventId");
        try {
            if (eventId == null && doc.get("scheduleSentAt") != null && doc.getInteger("xiboCampaignId") != null) {
                // A schedule whose answer never came may exist: find it by its campaign so it does not stay on screen.
                eventId = client.findEvent(doc.getInteger("xiboCampaignId"), doc.getInteger("displayGroupId"),
                        doc.getDate("from").toInstant(), doc.getDate("to").toInstant()).orElse(null);
            }
            if (eventId != null) {
                client.deleteEvent(eventId);
            }
            mongo.updateFirst(byId(deliveryId), new Update().unset("retractPending"), COLLECTION);
        } catch (XiboException e) {
            log.warn("Removing Xibo event {} of {} failed: {}; will retry", eventId, deliveryId, e.getMessage());
        }
    }

    /**
     * Publications still PENDING after {@code stale-after} with no durable retry waiting for them: the process that
     * ran them died where neither Kafka nor the kit will call again. Resuming them here would race the kit's own
     * retries (two schedules), so they are handed to it ({@link DeliveryRetries#schedule}), which resumes them
     * through the adapter's {@code redelivered} at once. Returns how many were handed over.
     */
    int handOverStale() {
        int handed = 0;
        Query stale = Query.query(Criteria.where("state").is("PENDING").and("retractedAt").exists(false)
                .and("updatedAt").lt(Date.from(clock.instant().minus(properties.staleAfter()))));
        for (Document doc : mongo.find(stale, Document.class, COLLECTION)) {
            String id = doc.getString("_id");
            Document delivery = mongo.findById(id, Document.class, AdapterDeliveries.COLLECTION);
            if (delivery == null) {
                continue;
            }
            DeliveryStatus status = DeliveryStatus.valueOf(delivery.getString("status"));
            if (status.isTerminal() || status.isAchieved()) {
                // Given up (window ended) or cancelled meanwhile: nothing left to resume.
                mongo.updateFirst(byId(id).addCriteria(Criteria.where("state").is("PENDING")),
                        new Update().set("state", "ABANDONED"), COLLECTION);
                continue;
            }
            if (delivery.get(DeliveryRetries.FIELD) != null) {
                continue; // the kit's retry owns it (its lease covers a crash mid-call)
            }
            DeliveryRequested request = json.readValue(delivery.get("request", Document.class).toJson(),
                    DeliveryRequested.class);
            log.warn("Xibo publication of {} was left half-way; handing it to the durable retries", id);
            retries.schedule(request, new RetryLater("XIBO_UNCONFIRMED", "Lịch phát Xibo bị gián đoạn giữa chừng; hệ "
                    + "thống tiếp tục từ bước còn dở. / The Xibo publication was interrupted; it resumes where it stopped.",
                    Duration.ZERO));
            mongo.updateFirst(byId(id), new Update().set("updatedAt", Date.from(clock.instant())), COLLECTION);
            handed++;
        }
        return handed;
    }

    /**
     * A Xibo display that is logged in and checked in recently counts as a heartbeat of its screen, so Xibo
     * screens fall under the same DEVICE_OFFLINE rule (keep the sweep interval below N × poll interval).
     */
    void refreshDisplayStatus() {
        Instant recent = clock.instant().minus(screenProperties.offlineAfter());
        properties.screens().forEach((screenId, screen) -> {
            try {
                client.displays(screen.displayGroupId()).stream()
                        .filter(d -> d.loggedIn() && d.lastAccessed().isAfter(recent))
                        .findFirst()
                        .ifPresent(d -> screens.heartbeat(screenId, null, "xibo:layout:" + d.currentLayoutId(), null));
            } catch (XiboException e) {
                log.warn("Reading Xibo display status of {} failed: {}", screenId, e.getMessage());
            }
        });
    }

    /**
     * Hands stale unfinished publications back to the kit's retries, finishes retractions, reads display status,
     * then proof of play.
     */
    @Scheduled(fixedDelayString = "${govcomm.led.xibo.sweep-interval:60s}", initialDelayString = "${govcomm.led.xibo.sweep-interval:60s}")
    void sweep() {
        if (client == null) {
            return;
        }
        handOverStale();
        mongo.find(Query.query(Criteria.where("retractPending").is(true)), Document.class, COLLECTION)
                .forEach(doc -> deleteEvent(doc.getString("_id")));
        refreshDisplayStatus();
        readProofOfPlay();
    }

    /**
     * Proof of play → DISPLAYED: a layout row with at least one play that started inside the window. Duplicate
     * rows (re-uploaded batches) and rows arriving after the item was retracted are harmless: the first report
     * wins and the kit's state machine refuses what would move a delivery backwards.
     */
    int readProofOfPlay() {
        if (client == null) {
            return 0;
        }
        Instant now = clock.instant();
        Query awaiting = Query.query(Criteria.where("layoutId").exists(true).and("displayed").ne(true)
                .orOperator(Criteria.where("retractedAt").exists(false),
                        Criteria.where("retractedAt").gt(Date.from(now.minus(properties.statsLookback())))));
        int displayed = 0;
        for (Document doc : mongo.find(awaiting, Document.class, COLLECTION)) {
            Instant from = doc.getDate("from").toInstant();
            Instant to = doc.getDate("to").toInstant();
            try {
                Optional<XiboClient.Play> first = client.layoutPlays(doc.getInteger("layoutId"), from, now.isBefore(to) ? now : to)
                        .stream().filter(p -> p.numberPlays() > 0 && !p.start().isBefore(from) && p.start().isBefore(to))
                        .min(Comparator.comparing(XiboClient.Play::start));
                if (first.isPresent()) {
                    mongo.updateFirst(byId(doc.getString("_id")), new Update().set("displayed", true)
                            .set("displayedAt", Date.from(first.get().start()))
                            .set("displayId", first.get().displayId()), COLLECTION);
                    deliveries.report(ref(doc), DeliveryStatus.DISPLAYED, null, null,
                            "xibo:display:" + first.get().displayId(), null);
                    displayed++;
                }
            } catch (XiboException e) {
                log.warn("Reading Xibo stats for {} failed: {}", doc.getString("_id"), e.getMessage());
            }
        }
        return displayed;
    }

    List<Document> schedules() {
        return mongo.findAll(Document.class, COLLECTION);
    }

    private int remember(String deliveryId, String field, int value) {
        mongo.updateFirst(byId(deliveryId), new Update().set(field, value).set("updatedAt", Date.from(clock.instant())),
                COLLECTION);
        return value;
    }

    private static Query byId(String id) {
        return Query.query(Criteria.where("_id").is(id));
    }

    private DeliveryRef ref(Document doc) {
        int attempt = deliveries.find(doc.getString("_id")).map(AdapterDeliveries.Stored::attempt)
                .orElse(doc.getInteger("attempt", 1));
        return new DeliveryRef(doc.getString("_id"), doc.getString("campaignId"), doc.getString("agencyId"),
                doc.getString("endpointId"), attempt);
    }
}
