package vn.govcomm.led.playlists;

import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.contracts.events.LedSchedule;
import vn.govcomm.contracts.events.Priority;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;

/**
 * One document per delivery in {@value #COLLECTION} (id = deliveryId): what a screen should show and when.
 * Removal is a flag (kept for late acks); {@code bridge} is set for screens driven through a vendor bridge
 * (Xibo), whose items are not served on the signage protocol.
 */
@Component
class PlaylistItems {

    static final String COLLECTION = "playlist_items";

    private final MongoTemplate mongo;

    PlaylistItems(MongoTemplate mongo) {
        this.mongo = mongo;
        mongo.indexOps(COLLECTION).createIndex(new Index("screenId", Sort.Direction.ASC).on("removed", Sort.Direction.ASC));
    }

    /** Keyed upsert: a redelivered or re-sent request overwrites the same item (and un-removes it). */
    void save(DeliveryRequested request, String bridge, boolean deviceOffline, int defaultDurationSec) {
        mongo.upsert(Query.query(Criteria.where("_id").is(request.deliveryId())),
                upsertOf(request, bridge, deviceOffline, defaultDurationSec), COLLECTION);
    }

    /** An item of a batch: a request for a screen served on the signage protocol, and whether it is offline. */
    record Queued(DeliveryRequested request, boolean deviceOffline) {
    }

    /** {@link #save} for the items of a batch (no bridge), with one unordered bulk write. */
    void saveAll(List<Queued> queued, int defaultDurationSec) {
        if (queued.isEmpty()) {
            return;
        }
        BulkOperations writes = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION);
        queued.forEach(q -> writes.upsert(Query.query(Criteria.where("_id").is(q.request().deliveryId())),
                upsertOf(q.request(), null, q.deviceOffline(), defaultDurationSec)));
        writes.execute();
    }

    private static Update upsertOf(DeliveryRequested request, String bridge, boolean deviceOffline,
                                   int defaultDurationSec) {
        Update update = new Update();
        fields(request, defaultDurationSec).forEach(update::set);
        return update.set("bridge", bridge)
                .set("deviceOffline", deviceOffline)
                .set("removed", false)
                .set("fetched", false)
                .unset("removedReason")
                .set("updatedAt", new Date());
    }

    /**
     * What an item says of its request (without the store): screen, notice, text, window and schedule. Throws
     * {@link java.time.DateTimeException} or {@link IllegalArgumentException} for a window it cannot read.
     */
    static Document fields(DeliveryRequested request, int defaultDurationSec) {
        LedSchedule schedule = request.ledSchedule();
        List<Document> hours = new ArrayList<>();
        if (schedule != null && schedule.openingHours() != null) {
            schedule.openingHours().forEach(h -> hours.add(new Document("days",
                    h.days() == null ? null : h.days().stream().map(LedSchedule.Day::name).toList())
                    .append("from", h.from()).append("to", h.to())));
        }
        return new Document("screenId", request.externalId())
                .append("campaignId", request.campaignId())
                .append("agencyId", request.agencyId())
                .append("endpointId", request.endpointId())
                .append("noticeId", request.campaignId() + ":v" + request.noticeVersion())
                .append("noticeVersion", request.noticeVersion())
                .append("attempt", request.attempt())
                .append("text", request.content().text() != null ? request.content().text() : request.content().title())
                .append("lines", request.content().lines())
                .append("priority", (request.priority() == null ? Priority.NORMAL : request.priority()).name())
                .append("windowStart", Date.from(instant(request.window().startsAt())))
                .append("windowEnd", Date.from(instant(request.window().endsAt())))
                .append("timeZone", request.window().timeZone() == null ? Timetable.DEFAULT_ZONE.getId()
                        : request.window().timeZone())
                .append("openingHours", hours)
                .append("durationSec", schedule == null || schedule.durationSec() == null ? defaultDurationSec
                        : schedule.durationSec())
                .append("repeatEveryMinutes", schedule == null ? null : schedule.repeatEveryMinutes());
    }

    Document find(String deliveryId) {
        return mongo.findById(deliveryId, Document.class, COLLECTION);
    }

    boolean exists(String deliveryId) {
        return mongo.exists(Query.query(Criteria.where("_id").is(deliveryId)), COLLECTION);
    }

    /** Items a screen may be given (time filtering is the caller's: it depends on now). */
    List<Document> servable(String screenId) {
        return mongo.find(Query.query(Criteria.where("screenId").is(screenId).and("removed").is(false)
                .and("bridge").is(null)), Document.class, COLLECTION);
    }

    /** Removes an item; returns it as it was, or null if unknown. */
    Document remove(String deliveryId, String reason) {
        return mongo.findAndModify(Query.query(Criteria.where("_id").is(deliveryId)),
                new Update().set("removed", true).set("removedReason", reason).set("removedAt", new Date()).set("updatedAt", new Date()),
                FindAndModifyOptions.options().returnNew(false), Document.class, COLLECTION);
    }

    /** Marks the given items fetched; returns the ids that were not yet (the only ones to report). */
    List<String> markFetched(Collection<String> deliveryIds, String version) {
        List<String> firstTime = new ArrayList<>();
        for (String id : deliveryIds) {
            var result = mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("fetched").is(false)),
                    new Update().set("fetched", true).set("fetchedVersion", version), COLLECTION);
            if (result.getModifiedCount() > 0) {
                firstTime.add(id);
            }
        }
        return firstTime;
    }

    List<Document> queuedOn(String screenId) {
        return servable(screenId);
    }

    void flagOffline(String deliveryId, boolean offline) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(deliveryId)), new Update().set("deviceOffline", offline),
                COLLECTION);
    }

    List<Document> flaggedOffline(String screenId) {
        return mongo.find(Query.query(Criteria.where("screenId").is(screenId).and("deviceOffline").is(true)),
                Document.class, COLLECTION);
    }

    static Instant instant(String value) {
        return OffsetDateTime.parse(value).toInstant();
    }

    static Timetable timetable(Document item) {
        List<Timetable.Hours> hours = new ArrayList<>();
        for (Document h : item.getList("openingHours", Document.class, List.of())) {
            List<String> days = h.getList("days", String.class);
            hours.add(new Timetable.Hours(days == null ? List.of() : days.stream().map(Timetable::day).toList(),
                    Timetable.time(h.getString("from")), Timetable.time(h.getString("to"))));
        }
        return new Timetable(item.getDate("windowStart").toInstant(), item.getDate("windowEnd").toInstant(),
                ZoneId.of(item.getString("timeZone")), hours);
    }
}
