package vn.govcomm.kit.delivery;

import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.kit.outbox.OutboxRelay;
import vn.govcomm.kit.outbox.OutboxWriter;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A channel adapter's record of the deliveries it was asked for (collection {@value #COLLECTION}), and the
 * only way it reports statuses: each status change is a compare-and-set on the delivery document that also
 * pushes the DeliveryStatusChanged event onto the document's outbox (one atomic write). Redelivered requests
 * are recognised by (deliveryId, attempt), so a Kafka redelivery never causes a second publication.
 */
public class AdapterDeliveries {

    public static final String COLLECTION = "deliveries";
    private static final int DUPLICATE_KEY = 11000;

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
        try {
            mongo.insert(document(request, requestDocument, now), COLLECTION);
            remember(request);
            return true;
        } catch (DuplicateKeyException e) {
            return takeOver(request, requestDocument, now);
        }
    }

    /** A request and the JSON it came as, for {@link #acceptAll}. */
    public record Request(DeliveryRequested request, Document document) {
    }

    /**
     * {@link #accept} for a batch of distinct deliveries with one unordered bulk insert: the ones whose insert met
     * a duplicate key are told apart one by one as {@code accept} does (a higher attempt is taken over, the same
     * attempt is a redelivery). Returns the ids of the redeliveries; the others are accepted.
     */
    public Set<String> acceptAll(List<Request> requests) {
        Instant now = clock.instant();
        Set<String> redelivered = new HashSet<>();
        if (requests.isEmpty()) {
            return redelivered;
        }
        List<Integer> duplicates = new ArrayList<>();
        try {
            mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION)
                    .insert(requests.stream().map(r -> document(r.request(), r.document(), now)).toList())
                    .execute();
        } catch (BulkOperationException e) {
            for (var error : e.getErrors()) {
                if (error.getCode() != DUPLICATE_KEY) {
                    throw e;   // not a redelivery: the store's trouble, the whole batch is redone
                }
                duplicates.add(error.getIndex());
            }
        }
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            if (!duplicates.contains(i)) {
                remember(r.request());
            } else if (!takeOver(r.request(), r.document(), now)) {
                redelivered.add(r.request().deliveryId());
            }
        }
        return redelivered;
    }

    /** The deliveries of these ids as stored (one read). */
    public Map<String, Stored> findAll(Set<String> deliveryIds) {
        Map<String, Stored> found = new HashMap<>();
        if (!deliveryIds.isEmpty()) {
            mongo.find(Query.query(Criteria.where("_id").in(deliveryIds)), Document.class, COLLECTION)
                    .forEach(doc -> found.put(doc.getString("_id"), stored(doc)));
        }
        return found;
    }

    private static Document document(DeliveryRequested request, Document requestDocument, Instant now) {
        return new Document("_id", request.deliveryId())
                .append("campaignId", request.campaignId())
                .append("agencyId", request.agencyId())
                .append("endpointId", request.endpointId())
                .append("externalId", request.externalId())
                .append("attempt", request.attempt())
                .append("status", DeliveryStatus.DISPATCHED.name())
                .append("request", requestDocument)
                .append("receivedAt", Date.from(now))
                .append("updatedAt", Date.from(now));
    }

    /** The delivery is recorded already: a re-send by an officer comes with a higher attempt and takes it over. */
    private boolean takeOver(DeliveryRequested request, Document requestDocument, Instant now) {
        var result = mongo.updateFirst(Query.query(Criteria.where("_id").is(request.deliveryId())
                        .and("attempt").lt(request.attempt())),
                new Update().set("attempt", request.attempt()).set("status", DeliveryStatus.DISPATCHED.name())
                        .set("request", requestDocument).set("updatedAt", Date.from(now)).unset("externalRef")
                        .unset(DeliveryRetries.FIELD),
                COLLECTION);
        if (result.getModifiedCount() == 0) {
            return false;   // same attempt: a redelivery
        }
        remember(request);
        return true;
    }

    private void remember(DeliveryRequested request) {
        accepted.put(request.deliveryId(), new Document("_id", request.deliveryId())
                .append("status", DeliveryStatus.DISPATCHED.name()).append("attempt", request.attempt()));
    }

    public Optional<Stored> find(String deliveryId) {
        Document doc = mongo.findById(deliveryId, Document.class, COLLECTION);
        return Optional.ofNullable(doc).map(AdapterDeliveries::stored);
    }

    private static Stored stored(Document doc) {
        return new Stored(doc.getString("_id"), doc.getInteger("attempt", 1),
                DeliveryStatus.valueOf(doc.getString("status")), doc.getString("externalRef"),
                doc.get("request", Document.class));
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
        return report(ref, next, reasonCode, reason, externalRef, permalink, justRead, null, more);
    }

    /**
     * As above, the write also conditioned on {@code fence} (see {@link DeliveryStateUpdates}): false, nothing
     * written, when the fence no longer holds (e.g. the caller's lease is gone, or someone woke its plan meanwhile).
     */
    public boolean report(StatusReports.DeliveryRef ref, DeliveryStatus next, String reasonCode, String reason,
                          String externalRef, String permalink, Document justRead, Criteria fence,
                          Consumer<Update> more) {
        Document startFrom = justRead != null ? justRead : accepted.remove(ref.deliveryId());
        boolean moved = DeliveryStateUpdates.advance(mongo, COLLECTION, ref.deliveryId(), next, ref.attempt(), startFrom,
                fence, () -> {
            Update update = statusUpdate(new Report(ref, next, reasonCode, reason, externalRef, permalink), clock.instant());
            more.accept(update);
            return update;
        });
        if (moved) {
            relay.nudge(ref.deliveryId());
        }
        return moved;
    }

    /** A status report of {@link #reportAll}; reasonCode/reason/externalRef/permalink may be null. */
    public record Report(StatusReports.DeliveryRef ref, DeliveryStatus next, String reasonCode, String reason,
                         String externalRef, String permalink) {
    }

    /**
     * {@link #report} for many distinct deliveries just accepted by {@link #acceptAll}: one unordered bulk of
     * compare-and-sets from what the intake wrote (no read), each with its event pushed onto its document's outbox.
     * When some compare-and-set lost (another report came first), each report of the bulk is made again one at a
     * time (which reads): the ones that went in are then duplicates and dropped, so the result is the one-by-one
     * result. A delivery without a fresh intake record is reported one at a time.
     */
    public void reportAll(List<Report> batch) {
        Instant now = clock.instant();
        List<Report> bulk = new ArrayList<>();
        BulkOperations writes = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION);
        for (Report report : batch) {
            Document startFrom = accepted.remove(report.ref().deliveryId());
            if (startFrom == null) {
                report(report.ref(), report.next(), report.reasonCode(), report.reason(), report.externalRef(),
                        report.permalink());
                continue;
            }
            DeliveryStatus status = DeliveryStatus.valueOf(startFrom.getString("status"));
            int attempt = startFrom.getInteger("attempt", 1);
            if (!status.canMoveTo(report.next(), attempt, report.ref().attempt())) {
                continue;
            }
            writes.updateOne(Query.query(Criteria.where("_id").is(report.ref().deliveryId())
                            .and("status").is(status.name()).and("attempt").is(attempt)),
                    statusUpdate(report, now).set("status", report.next().name()).set("attempt", report.ref().attempt()));
            bulk.add(report);
        }
        if (bulk.isEmpty()) {
            return;
        }
        if (writes.execute().getModifiedCount() < bulk.size()) {
            bulk.forEach(r -> report(r.ref(), r.next(), r.reasonCode(), r.reason(), r.externalRef(), r.permalink()));
        }
        bulk.forEach(r -> relay.nudge(r.ref().deliveryId()));
    }

    /** What a status move writes besides status and attempt: its event onto the outbox, the reason, the ref. */
    private Update statusUpdate(Report r, Instant now) {
        Update update = OutboxWriter.push(new Update().set("updatedAt", Date.from(now)),
                reports.report(r.ref(), r.next(), r.reasonCode(), r.reason(), r.externalRef(), r.permalink(), now));
        if (r.reasonCode() != null) {
            update.set("reasonCode", r.reasonCode()).set("reason", r.reason());
        }
        if (r.externalRef() != null) {
            update.set("externalRef", r.externalRef());
        }
        if (r.next().isTerminal() || r.next().isAchieved()) {
            update.unset(DeliveryRetries.FIELD);   // nothing left to retry
        }
        return update;
    }
}
