package vn.govcomm.kit.delivery;

import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.kit.outbox.OutboxRelay;
import vn.govcomm.kit.outbox.OutboxWriter;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A channel adapter's record of the deliveries it was asked for (collection {@value #COLLECTION}), and the
 * only way it reports statuses: each status change is a compare-and-set on the delivery document that also
 * pushes the DeliveryStatusChanged event onto the document's outbox (one atomic write). Redelivered requests
 * are recognised by (deliveryId, attempt), so a Kafka redelivery never causes a second publication.
 */
public class AdapterDeliveries {

    public static final String COLLECTION = "deliveries";

    /** How many {@link #accepted} hints are kept at most (three small fields each). */
    static final int ACCEPTED_HINTS = 10_000;

    private final MongoTemplate mongo;
    private final StatusReports reports;
    private final OutboxRelay relay;
    private final Clock clock;
    /**
     * What {@link #accept} has just written ({@code _id, status, attempt}), offered once to the first status report of
     * that delivery as the document its compare-and-set starts from: the adapter reports right after the request in
     * most cases, and the read before the compare-and-set was half a store command per delivery. A hint gone stale
     * (another report came first) only costs the compare-and-set a retry with a read; the oldest hints give way.
     */
    private final Map<String, Document> accepted = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Document> eldest) {
                    return size() > ACCEPTED_HINTS;
                }
            });

    public AdapterDeliveries(MongoTemplate mongo, StatusReports reports, OutboxRelay relay, Clock clock) {
        this.mongo = mongo;
        this.reports = reports;
        this.relay = relay;
        this.clock = clock;
    }

    /** A delivery as this adapter stored it. */
    public record Stored(String deliveryId, int attempt, DeliveryStatus status, String externalRef, Document request) {
    }

    /**
     * Records a request before anything is sent to the channel. Returns false if this attempt of this delivery
     * was already recorded (a redelivery): the caller must then not publish again blindly.
     */
    public boolean accept(DeliveryRequested request, Document requestDocument) {
        Instant now = clock.instant();
        Document doc = new Document("_id", request.deliveryId())
                .append("campaignId", request.campaignId())
                .append("agencyId", request.agencyId())
                .append("endpointId", request.endpointId())
                .append("externalId", request.externalId())
                .append("attempt", request.attempt())
                .append("status", DeliveryStatus.DISPATCHED.name())
                .append("request", requestDocument)
                .append("receivedAt", Date.from(now))
                .append("updatedAt", Date.from(now));
        try {
            mongo.insert(doc, COLLECTION);
            remember(request);
            return true;
        } catch (DuplicateKeyException e) {
            // A re-send by an officer comes with a higher attempt: take it over; same attempt = redelivery.
            var result = mongo.updateFirst(Query.query(Criteria.where("_id").is(request.deliveryId())
                            .and("attempt").lt(request.attempt())),
                    new Update().set("attempt", request.attempt()).set("status", DeliveryStatus.DISPATCHED.name())
                            .set("request", requestDocument).set("updatedAt", Date.from(now)).unset("externalRef")
                            .unset(DeliveryRetries.FIELD),
                    COLLECTION);
            if (result.getModifiedCount() == 0) {
                return false;
            }
            remember(request);
            return true;
        }
    }

    private void remember(DeliveryRequested request) {
        accepted.put(request.deliveryId(), new Document("_id", request.deliveryId())
                .append("status", DeliveryStatus.DISPATCHED.name()).append("attempt", request.attempt()));
    }

    public Optional<Stored> find(String deliveryId) {
        Document doc = mongo.findById(deliveryId, Document.class, COLLECTION);
        if (doc == null) {
            return Optional.empty();
        }
        return Optional.of(new Stored(doc.getString("_id"), doc.getInteger("attempt", 1),
                DeliveryStatus.valueOf(doc.getString("status")), doc.getString("externalRef"),
                doc.get("request", Document.class)));
    }

    /** Stores the channel's id of what was published (post id, article id...) as soon as it is known. */
    public void rememberExternalRef(String deliveryId, String externalRef) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(deliveryId)), new Update().set("externalRef", externalRef),
                COLLECTION);
    }

    /**
     * Reports a status if it moves the delivery forward (see {@link DeliveryStatus#canMoveTo}); returns whether
     * it did. Duplicates and stale reports are dropped here, so they never reach Kafka.
     */
    public boolean report(StatusReports.DeliveryRef ref, DeliveryStatus next, String reasonCode, String reason,
                          String externalRef, String permalink) {
        return report(ref, next, reasonCode, reason, externalRef, permalink, null);
    }

    /**
     * As above, starting the compare-and-set from the delivery document the caller has just read (one read less
     * per report; a stale document only costs a retry).
     */
    public boolean report(StatusReports.DeliveryRef ref, DeliveryStatus next, String reasonCode, String reason,
                          String externalRef, String permalink, Document justRead) {
        return report(ref, next, reasonCode, reason, externalRef, permalink, justRead, update -> {
        });
    }

    /** As above, with more changes made in the same write as the status move (e.g. a retry's next-attempt time). */
    public boolean report(StatusReports.DeliveryRef ref, DeliveryStatus next, String reasonCode, String reason,
                          String externalRef, String permalink, Document justRead, Consumer<Update> more) {
        AtomicReference<Instant> at = new AtomicReference<>();
        Document startFrom = justRead != null ? justRead : accepted.remove(ref.deliveryId());
        boolean moved = DeliveryStateUpdates.advance(mongo, COLLECTION, ref.deliveryId(), next, ref.attempt(), startFrom, () -> {
            Instant now = clock.instant();
            at.set(now);
            Update update = OutboxWriter.push(new Update().set("updatedAt", Date.from(now)),
                    reports.report(ref, next, reasonCode, reason, externalRef, permalink, now));
            if (reasonCode != null) {
                update.set("reasonCode", reasonCode).set("reason", reason);
            }
            if (externalRef != null) {
                update.set("externalRef", externalRef);
            }
            if (next.isTerminal() || next.isAchieved()) {
                update.unset(DeliveryRetries.FIELD);   // nothing left to retry
            }
            more.accept(update);
            return update;
        });
        if (moved) {
            relay.nudge(ref.deliveryId());
        }
        return moved;
    }
}
