package vn.govcomm.publishing.deliveries;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.InsertManyOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.aggregation.Aggregation;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.contracts.events.DeliveryRetracted;
import vn.govcomm.contracts.events.DeliveryStatusChanged;
import vn.govcomm.kit.delivery.DeliveryStateUpdates;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.events.OutgoingEvent;
import vn.govcomm.kit.events.PoisonEventException;
import vn.govcomm.kit.kafka.ArrivedEarly;
import vn.govcomm.kit.outbox.OutboxRelay;
import vn.govcomm.kit.outbox.OutboxWriter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Deliveries: one per (campaign, notice version, agency, endpoint), with one status from the shared vocabulary
 * ({@link DeliveryStatus}). The fan-out sends their DeliveryRequested in bulk and, once Kafka acknowledged them,
 * inserts them in bulk as DISPATCHED. Status events from the adapters move them forward
 * only. An officer's re-send goes through the embedded outbox of the one delivery it concerns.
 */
@Service
public class Deliveries {

    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);
    public static final String COLLECTION = "deliveries";
    // The status sets below are derived from the kit's DeliveryStatus rules (within one attempt), never re-listed.
    /** What the window end turns EXPIRED: what the kit lets move to EXPIRED (not achieved, cancelled or expired). */
    static final List<String> EXPIRABLE = statuses(s -> s.canMoveTo(DeliveryStatus.EXPIRED, 1, 1));
    /** What a cancellation or a newer version takes off the channel (CANCELLED): all that is not off it already. */
    static final List<String> RETRACTABLE = statuses(s -> !offTheChannel(s));
    /**
     * What an officer may start a new attempt of: a delivery that ended short of the audience and that proof of
     * publication could still overtake (FAILED, EXPIRED), and RETRYING (the channel's wait can be cut short, e.g.
     * after a fix).
     */
    public static final List<String> RESENDABLE = statuses(s -> s == DeliveryStatus.RETRYING
            || s.isTerminal() && s.canMoveTo(DeliveryStatus.PUBLISHED, 1, 1));
    /**
     * What a merged or renamed agency's delivery is re-addressed to its successor from: it has not reached its channel
     * (PENDING, DISPATCHED, RETRYING) or failed there and waits for a re-send (FAILED). Not ACCEPTED (the channel holds
     * it and publishes it without us), not achieved (history, credited to the successor by the reports), not off the
     * channel (CANCELLED, EXPIRED).
     */
    public static final List<String> READDRESSABLE = statuses(s -> !s.isAchieved() && !offTheChannel(s)
            && s != DeliveryStatus.ACCEPTED);

    private final MongoTemplate mongo;
    private final OutboxRelay resendOutbox;
    private final DeliveryFactory factory;
    private final Expansions expansions;
    private final MeterRegistry meters;

    Deliveries(MongoTemplate mongo, @Qualifier("resendOutbox") OutboxRelay resendOutbox, JsonMapper json,
               Expansions expansions, MeterRegistry meters) {
        this.mongo = mongo;
        this.resendOutbox = resendOutbox;
        this.factory = new DeliveryFactory(json);
        this.expansions = expansions;
        this.meters = meters;
        // The status listings' index (the compare-and-sets pin _id, which serves them).
        mongo.indexOps(COLLECTION).createIndex(new Index().on("campaignId", Sort.Direction.ASC).on("status", Sort.Direction.ASC));
        // a merged agency's deliveries still to re-address, in _id pages
        mongo.indexOps(COLLECTION).createIndex(new Index().on("agencyId", Sort.Direction.ASC).on("status", Sort.Direction.ASC)
                .on("_id", Sort.Direction.ASC).named("agency_status"));
        // the reconciler's scan: DISPATCHED deliveries with no answer since before a cutoff, in (dispatchedAt, _id) pages
        mongo.indexOps(COLLECTION).createIndex(new Index().on("status", Sort.Direction.ASC)
                .on("dispatchedAt", Sort.Direction.ASC).on("_id", Sort.Direction.ASC).named("unanswered"));
        resendOutbox.afterPublish(id -> {
            // read by _id, then compare-and-set on (_id, status, attempt): look-ups on every store
            Document delivery = mongo.findById(id, Document.class, COLLECTION);
            if (delivery == null || !DeliveryStatus.PENDING.name().equals(delivery.getString("status"))
                    || !delivery.getList(OutboxRelay.FIELD, Document.class, List.of()).isEmpty()) {
                return;
            }
            long moved = mongo.updateFirst(Query.query(Criteria.where("_id").is(id)
                            .and("status").is(DeliveryStatus.PENDING.name()).and("attempt").is(delivery.getInteger("attempt", 1))),
                    new Update().set("status", DeliveryStatus.DISPATCHED.name()).set("dispatchedAt", new Date()),
                    COLLECTION).getModifiedCount();
            if (moved == 1) {
                countTransition(delivery.getString("channel"), DeliveryStatus.DISPATCHED, 1);
            }
        });
    }

    /**
     * Whether a delivery in this status is off its channel already (CANCELLED, or EXPIRED by the window end or the
     * channel): neither achieved nor expirable any more. Retraction passes leave it alone. The kit has no predicate
     * for this ({@code canMoveTo(CANCELLED)} also lets a channel's late cancellation overtake EXPIRED).
     */
    public static boolean offTheChannel(DeliveryStatus status) {
        return !status.isAchieved() && !status.canMoveTo(DeliveryStatus.EXPIRED, 1, 1);
    }

    private static List<String> statuses(Predicate<DeliveryStatus> rule) {
        return Arrays.stream(DeliveryStatus.values()).filter(rule).map(DeliveryStatus::name).toList();
    }

    /** Deterministic id: the same campaign, version, agency and endpoint always give the same delivery. */
    public static String deliveryId(String campaignId, int version, String agencyId, String endpointId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(
                    (campaignId + "|" + version + "|" + agencyId + "|" + endpointId).getBytes(StandardCharsets.UTF_8));
            return "dlv-" + HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- fan-out

    /** A delivery to create and the DeliveryRequested that goes with it. */
    public record Planned(Document delivery, OutgoingEvent event) {
        public String channel() {
            return delivery.getString("channel");
        }
    }

    /**
     * Plans the deliveries of a batch of targets: one per (target agency, requested channel, endpoint of the
     * agency on that channel). Nothing is written yet. The documents hold what the state model, retractions,
     * re-sends, the reconciliation ({@code requestedAt}: the request's time, to rebuild it identically) and listings
     * need and nothing else (the store's share of the fan-out grows with their size).
     */
    public List<Planned> plan(Document campaign, Rendering.Renderer renderer, List<Document> targets,
                              Map<String, Document> directory, Instant now) {
        List<Planned> planned = new ArrayList<>(targets.size() * 4);
        // to the millisecond, as the store keeps it: the reconciler rebuilds the very same request from requestedAt
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);
        Date requestedAt = Date.from(at);
        Date publishAt = Date.from(OffsetDateTime.parse(campaign.getString("publishAt")).toInstant());
        for (Document target : targets) {
            Document agency = directory.get(target.getString("agencyId"));
            if (agency == null) {
                continue;
            }
            List<Document> endpoints = agency.getList("endpoints", Document.class, List.of());
            for (String channel : target.getList("channels", String.class)) {
                for (Document endpoint : endpoints) {
                    if (!channel.equals(endpoint.getString("channel"))) {
                        continue;
                    }
                    DeliveryRequested request = factory.request(campaign, renderer, agency.getString("_id"), channel,
                            endpoint, 1, at);
                    planned.add(new Planned(newDelivery(campaign, request, endpoint, publishAt, requestedAt),
                            factory.requested(request, at)));
                }
            }
        }
        return planned;
    }

    /** A new delivery's document, PENDING at attempt 1 (what the fan-out and a re-addressing create). */
    private static Document newDelivery(Document campaign, DeliveryRequested request, Document endpoint, Date publishAt,
                                        Date requestedAt) {
        return new Document("_id", request.deliveryId())
                .append("campaignId", campaign.getString("campaignId"))
                .append("noticeVersion", campaign.getInteger("version"))
                .append("agencyId", request.agencyId())
                .append("channel", request.channel())
                .append("endpointId", endpoint.getString("endpointId"))
                .append("externalId", endpoint.getString("externalId"))
                .append("status", DeliveryStatus.PENDING.name())
                .append("attempt", 1)
                .append("publishAt", publishAt)
                .append("requestedAt", requestedAt);
    }

    /**
     * Records a batch whose DeliveryRequested Kafka has acknowledged: the deliveries are inserted as DISPATCHED
     * in one unordered bulk write. Nothing is written before the send: the publication's progress cursor is the
     * fan-out's outbox (a crash before this write redoes the batch: same delivery ids, same ce_ids, adapters
     * dedupe). One write per delivery instead of two (insert PENDING, then mark DISPATCHED) — on mongo-java-server
     * each updated document costs about as much as an insert, so this halves the store's share of the fan-out.
     * Deliveries that already exist are left as they are, except a PENDING one left by an interrupted batch,
     * which is marked DISPATCHED now (compare-and-set: a status reported meanwhile is never overwritten).
     *
     * @return how many deliveries became DISPATCHED
     */
    public int recordDispatched(List<Planned> planned, Instant acknowledgedAt) {
        if (planned.isEmpty()) {
            return 0;
        }
        Date at = Date.from(acknowledgedAt);
        List<Document> documents = new ArrayList<>(planned.size());
        for (Planned p : planned) {
            documents.add(new Document(p.delivery()).append("status", DeliveryStatus.DISPATCHED.name()).append("dispatchedAt", at));
        }
        Set<Integer> existing = new HashSet<>();
        try {
            mongo.getCollection(COLLECTION).insertMany(documents, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (error.getCode() != 11000) {
                    throw e;
                }
                existing.add(error.getIndex());
            }
        }
        Map<String, Integer> created = new TreeMap<>();
        Map<String, Long> dispatched = new TreeMap<>();
        for (int i = 0; i < planned.size(); i++) {
            String channel = planned.get(i).channel();
            if (!existing.contains(i)) {
                created.merge(channel, 1, Integer::sum);
                dispatched.merge(channel, 1L, Long::sum);
            } else if (mongo.updateFirst(Query.query(Criteria.where("_id").is(planned.get(i).delivery().get("_id"))
                            .and("status").is(DeliveryStatus.PENDING.name()).and("attempt").is(1)),
                    new Update().set("status", DeliveryStatus.DISPATCHED.name()).set("dispatchedAt", at)
                            .set("requestedAt", planned.get(i).delivery().get("requestedAt")), COLLECTION)
                    .getModifiedCount() == 1) {
                dispatched.merge(channel, 1L, Long::sum);
            }
        }
        created.forEach((channel, n) -> meters.counter("govcomm.fanout.deliveries", "channel", channel).increment(n));
        dispatched.forEach((channel, n) -> countTransition(channel, DeliveryStatus.DISPATCHED, n));
        return dispatched.values().stream().mapToInt(Long::intValue).sum();
    }

    // ---------------------------------------------------------------- status from the channels

    /**
     * Applies a status an adapter reported, if it moves the delivery forward; records the publishAt → first
     * achieved latency once per delivery. {@code report} has its deliveryId and status (an absent attempt counts as
     * 1); {@code at} is its occurredAt.
     */
    public boolean applyStatus(DeliveryStatusChanged report, Instant at) {
        String deliveryId = report.deliveryId();
        DeliveryStatus next = DeliveryStatus.of(report.status());
        int attempt = attemptOf(report);
        Document before = mongo.findById(deliveryId, Document.class, COLLECTION);
        if (before == null) {
            throw notRecorded(report);
        }
        Date occurredAt = Date.from(at);
        boolean moved = DeliveryStateUpdates.advance(mongo, COLLECTION, deliveryId, next, attempt, before,
                () -> statusUpdate(report, next, occurredAt));
        if (moved) {
            countMove(before, next, occurredAt);
        }
        return moved;
    }

    /** A report's attempt (an absent one counts as 1). */
    static int attemptOf(DeliveryStatusChanged report) {
        return report.attempt() == null ? 1 : report.attempt();
    }

    /**
     * Why a status for a delivery that is not recorded cannot be applied now: early (its campaign is being expanded:
     * a fast adapter overtook the recording of its batch, retried) or poison (unknown delivery).
     */
    RuntimeException notRecorded(DeliveryStatusChanged report) {
        // Recorded right after Kafka acknowledged its request: a fast adapter can overtake that write. The expansion
        // leaves EXPANDING only after its last batch is recorded, so once it is over the record is either there (it
        // came between our read and this check: the read is older than the expansion's end) or never will be.
        if (expansions.running(report.campaignId())
                || mongo.exists(Query.query(Criteria.where("_id").is(report.deliveryId())), COLLECTION)) {
            meters.counter("govcomm.deliveries.status.early", "channel", String.valueOf(report.channel())).increment();
            return new NotRecordedYetException(report.deliveryId());
        }
        return new PoisonEventException("Status " + report.status() + " for unknown delivery " + report.deliveryId());
    }

    /** What a status move writes besides status and attempt (the same for one report or a batch). */
    static Update statusUpdate(DeliveryStatusChanged report, DeliveryStatus next, Date occurredAt) {
        Update update = new Update().set("statusAt", occurredAt);
        set(update, "reasonCode", report.reasonCode());
        set(update, "reason", report.reason());
        set(update, "externalRef", report.externalRef());
        set(update, "permalink", report.permalink());
        if (next.isAchieved()) {
            update.min("firstAchievedAt", occurredAt);
        }
        return update;
    }

    /**
     * Counts a move this instance made: the transition, and the publishAt → first achieved latency once per
     * delivery ({@code before}: the delivery as it was before the move).
     */
    void countMove(Document before, DeliveryStatus next, Date occurredAt) {
        String channel = before.getString("channel");
        countTransition(channel, next, 1);
        if (next.isAchieved() && before.get("firstAchievedAt") == null && before.getDate("publishAt") != null) {
            Duration latency = Duration.between(before.getDate("publishAt").toInstant(), occurredAt.toInstant());
            Timer.builder("govcomm.delivery.latency").tag("channel", channel)
                    .tag("outcome", next.name().toLowerCase(Locale.ROOT))
                    .description("Campaign publishAt to the first status that proves the notice reached the channel")
                    .register(meters).record(latency.isNegative() ? Duration.ZERO : latency);
        }
    }

    private static void set(Update update, String field, String value) {
        if (value != null) {
            update.set(field, value);
        }
    }

    /**
     * A status for a delivery of a batch being recorded: not poison, the listener's retries (with backoff) find it
     * a moment later, or, after a crash between the send and the recording, once another instance has taken the
     * publication over and redone the batch (the kit waits for such a record up to its {@code EARLY_WAIT}).
     */
    public static class NotRecordedYetException extends ArrivedEarly {
        NotRecordedYetException(String deliveryId) {
            super("Delivery " + deliveryId + " is not recorded yet (its batch is being recorded); will be retried");
        }
    }

    void countTransition(String channel, DeliveryStatus status, long n) {
        if (n > 0) {
            meters.counter("govcomm.deliveries.status", "channel", channel, "status", status.name()).increment(n);
        }
    }

    // ---------------------------------------------------------------- retractions (cancel, window end)

    /** The next page of a publication's deliveries in id order, after {@code afterId} ("" for the first). */
    public List<Document> page(String campaignId, int version, String afterId, int limit) {
        Query query = Query.query(Criteria.where("campaignId").is(campaignId).and("noticeVersion").is(version)
                .and("_id").gt(afterId)).with(Sort.by("_id")).limit(limit);
        query.fields().exclude(OutboxRelay.FIELD);
        return mongo.find(query, Document.class, COLLECTION);
    }

    public OutgoingEvent retraction(Document delivery, DeliveryRetracted.Reason reason, Instant now) {
        return factory.retracted(delivery, reason, now);
    }

    /**
     * CANCELLED for every delivery of the id range that is not cancelled or expired yet; {@code reason}
     * (CAMPAIGN_CANCELLED or SUPERSEDED) becomes its reason code.
     */
    public long markCancelled(String campaignId, int version, String afterId, String lastId, Set<String> channels,
                              DeliveryRetracted.Reason reason) {
        return markRange(campaignId, version, afterId, lastId, channels, reason.name(), RETRACTABLE,
                DeliveryStatus.CANCELLED);
    }

    /** EXPIRED for every delivery of the id range that was not achieved (and is not cancelled). */
    public long markExpired(String campaignId, int version, String afterId, String lastId, Set<String> channels) {
        return markRange(campaignId, version, afterId, lastId, channels, null, EXPIRABLE, DeliveryStatus.EXPIRED);
    }

    private long markRange(String campaignId, int version, String afterId, String lastId, Set<String> channels,
                           String reasonCode, List<String> from, DeliveryStatus to) {
        long total = 0;
        for (String channel : channels) {
            Update update = new Update().set("status", to.name()).set("statusAt", new Date());
            if (reasonCode != null) {
                update.set("reasonCode", reasonCode);
            }
            long n = mongo.updateMulti(Query.query(Criteria.where("campaignId").is(campaignId).and("noticeVersion").is(version)
                            .and("channel").is(channel).and("_id").gt(afterId).lte(lastId).and("status").in(from)),
                    update, COLLECTION).getModifiedCount();
            countTransition(channel, to, n);
            total += n;
        }
        return total;
    }

    // ---------------------------------------------------------------- a merged or renamed agency (succession)

    /** The next page, in id order after {@code afterId}, of an agency's deliveries in these statuses (without outbox). */
    public List<Document> ofAgency(String agencyId, List<String> statuses, String afterId, int limit) {
        Query query = Query.query(Criteria.where("agencyId").is(agencyId).and("status").in(statuses).and("_id").gt(afterId))
                .with(Sort.by("_id")).limit(limit);
        query.fields().exclude(OutboxRelay.FIELD);
        return mongo.find(query, Document.class, COLLECTION);
    }

    /** The channels on which an agency has a delivery (any status) of this campaign's notice version. */
    public Set<String> channelsOf(String campaignId, int version, String agencyId) {
        Query query = Query.query(Criteria.where("campaignId").is(campaignId).and("noticeVersion").is(version)
                .and("agencyId").is(agencyId));
        query.fields().include("channel");
        Set<String> channels = new TreeSet<>();
        mongo.find(query, Document.class, COLLECTION).forEach(d -> channels.add(d.getString("channel")));
        return channels;
    }

    /**
     * A delivery of the campaign for a successor's endpoint, in place of {@code former} (the predecessor's): PENDING
     * with its DeliveryRequested in its own outbox, one insert, relayed like a re-send (then DISPATCHED). Its id is
     * the one the fan-out would give it, so a redelivered succession finds it (duplicate key: false, nothing sent twice).
     */
    public boolean requestForSuccessor(Document campaign, Rendering.Renderer renderer, String successorId, Document endpoint,
                                       Document former) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        DeliveryRequested request = factory.request(campaign, renderer, successorId, former.getString("channel"), endpoint, 1, now);
        Document delivery = newDelivery(campaign, request, endpoint, former.getDate("publishAt"), Date.from(now))
                .append("readdressedFrom", former.getString("_id"))
                .append("formerAgencyId", former.getString("agencyId"));
        try {
            mongo.insert(OutboxWriter.attach(delivery, factory.requested(request, now)), COLLECTION);
        } catch (DuplicateKeyException exists) {
            return false;
        }
        meters.counter("govcomm.fanout.deliveries", "channel", request.channel()).increment();
        countTransition(request.channel(), DeliveryStatus.PENDING, 1);
        resendOutbox.nudge(delivery.get("_id"));
        return true;
    }

    /**
     * Takes a predecessor's delivery that has not reached its channel off it: CANCELLED with reason code SUPERSEDED
     * (the contracts' retraction reason closest to "re-addressed") and a reason naming the successor, and its
     * DeliveryRetracted in its own outbox, in one compare-and-set on (status, attempt) as read. False when it moved
     * meanwhile (a status arrived, an officer re-sent it): the caller reads it again.
     */
    public boolean readdress(Document delivery, String successorId, String reason) {
        Instant now = Instant.now();
        OutgoingEvent retraction = factory.retracted(delivery, DeliveryRetracted.Reason.SUPERSEDED, now);
        long moved = mongo.updateFirst(Query.query(Criteria.where("_id").is(delivery.getString("_id"))
                        .and("status").is(delivery.getString("status")).and("attempt").is(delivery.getInteger("attempt", 1))),
                OutboxWriter.push(new Update().set("status", DeliveryStatus.CANCELLED.name()).set("statusAt", Date.from(now))
                        .set("reasonCode", DeliveryRetracted.Reason.SUPERSEDED.name()).set("reason", reason)
                        .set("successorId", successorId), retraction),
                COLLECTION).getModifiedCount();
        if (moved == 1) {
            countTransition(delivery.getString("channel"), DeliveryStatus.CANCELLED, 1);
            resendOutbox.nudge(delivery.get("_id"));
        }
        return moved == 1;
    }

    /**
     * Notes the successor on a predecessor's delivery that stays where it is (the successor has no endpoint on its
     * channel, or the same one after a rename), with why; writing it again changes nothing.
     */
    public void keepForSuccessor(Document delivery, String successorId, String note) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(delivery.getString("_id"))),
                new Update().set("successorId", successorId).set("successorNote", note), COLLECTION);
    }

    // ---------------------------------------------------------------- officer's re-send

    /**
     * Starts a new attempt of a FAILED, EXPIRED or RETRYING delivery: attempt + 1, PENDING, and a new DeliveryRequested
     * (same deliveryId) in the delivery's own outbox, all in one single-document write. Returns the updated
     * delivery, or null if it was not resendable any more (someone else re-sent it, or a status arrived).
     */
    public Document resend(Document delivery, Document campaign, Rendering.Renderer renderer, Document endpoint, String actor) {
        int attempt = delivery.getInteger("attempt", 1);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        OutgoingEvent event = factory.requested(factory.request(campaign, renderer, delivery.getString("agencyId"),
                delivery.getString("channel"), endpoint, attempt + 1, now), now);
        Document updated = mongo.findAndModify(Query.query(Criteria.where("_id").is(delivery.getString("_id"))
                        .and("status").in(RESENDABLE).and("attempt").is(attempt)),
                OutboxWriter.push(new Update().set("status", DeliveryStatus.PENDING.name()).set("attempt", attempt + 1)
                        .set("externalId", endpoint.getString("externalId"))
                        .set("resentAt", Date.from(now)).set("resentBy", actor).set("requestedAt", Date.from(now))
                        .unset("reasonCode").unset("reason").unset("firstAchievedAt")
                        .unset("reconciliations").unset("lastReconciledAt"), event),
                FindAndModifyOptions.options().returnNew(true), Document.class, COLLECTION);
        if (updated != null) {
            countTransition(delivery.getString("channel"), DeliveryStatus.PENDING, 1);
            resendOutbox.nudge(updated.get("_id"));
        }
        return updated;
    }

    public Document find(String deliveryId) {
        Query query = Query.query(Criteria.where("_id").is(deliveryId));
        query.fields().exclude(OutboxRelay.FIELD);
        return mongo.findOne(query, Document.class, COLLECTION);
    }

    /** A campaign's deliveries in the given statuses, without their outbox (for re-sending all failed ones). */
    public List<Document> inStatus(String campaignId, List<String> statuses, int limit) {
        Query query = Query.query(Criteria.where("campaignId").is(campaignId).and("status").in(statuses)).limit(limit);
        query.fields().exclude(OutboxRelay.FIELD);
        return mongo.find(query, Document.class, COLLECTION);
    }

    // ---------------------------------------------------------------- no answer from the channel (reconciliation)

    /** What the reconciler reads of an unanswered delivery: enough to count it, rebuild its request and retract it. */
    private static final List<String> UNANSWERED_FIELDS = List.of("campaignId", "noticeVersion", "agencyId", "channel",
            "endpointId", "externalId", "status", "attempt", "dispatchedAt", "requestedAt", "resentAt", "reconciliations",
            "lastReconciledAt");

    /**
     * The next page of deliveries still DISPATCHED (no status from their adapter) since before {@code cutoff}, in
     * (dispatchedAt, _id) order after the given position ({@code afterAt} null for the first page). Keyset paging
     * in two index ranges, no {@code $or}: first the rest of the position's dispatchedAt (a whole fan-out batch shares
     * one), then the later ones. On MongoDB both are ranges of the index {status, dispatchedAt, _id}; the embedded
     * store scans.
     */
    public List<Document> unansweredPage(Instant cutoff, Date afterAt, String afterId, int limit) {
        List<Document> page = new ArrayList<>(limit);
        String dispatched = DeliveryStatus.DISPATCHED.name();
        if (afterAt != null) {
            Query ties = Query.query(Criteria.where("status").is(dispatched).and("dispatchedAt").is(afterAt)
                    .and("_id").gt(afterId)).with(Sort.by("_id")).limit(limit);
            ties.fields().include(UNANSWERED_FIELDS.toArray(String[]::new));
            page.addAll(mongo.find(ties, Document.class, COLLECTION));
        }
        if (page.size() < limit) {
            Criteria range = Criteria.where("status").is(dispatched);
            range = afterAt == null ? range.and("dispatchedAt").lt(Date.from(cutoff))
                    : range.and("dispatchedAt").gt(afterAt).lt(Date.from(cutoff));
            Query later = Query.query(range).with(Sort.by("dispatchedAt", "_id")).limit(limit - page.size());
            later.fields().include(UNANSWERED_FIELDS.toArray(String[]::new));
            page.addAll(mongo.find(later, Document.class, COLLECTION));
        }
        return page;
    }

    /**
     * Claims the next re-request of an unanswered delivery: a compare-and-set on (_id, status DISPATCHED, attempt,
     * reconciliations as read) that counts it and stamps {@code lastReconciledAt}. Of two instances that read the
     * delivery in the same round, one wins; a status that arrived meanwhile, or an officer's re-send, makes it fail.
     */
    public boolean claimReconciliation(Document delivery, Instant now) {
        Integer done = delivery.getInteger("reconciliations");
        Query query = Query.query(Criteria.where("_id").is(delivery.getString("_id"))
                .and("status").is(DeliveryStatus.DISPATCHED.name()).and("attempt").is(delivery.getInteger("attempt", 1))
                .and("reconciliations").is(done)); // null: never reconciled (the field is missing)
        return mongo.updateFirst(query, new Update().set("reconciliations", done == null ? 1 : done + 1)
                .set("lastReconciledAt", Date.from(now)), COLLECTION).getModifiedCount() == 1;
    }

    /**
     * The DeliveryRequested of the delivery's current attempt, built again as it was sent: same ce_id (delivery id
     * and attempt), key, time ({@code requestedAt}), endpoint id and external id, content rendered from the stored
     * notice for the endpoint (the same as long as the directory did not change the screen's width). The adapter
     * recognises it as a redelivery of that attempt.
     */
    public OutgoingEvent sameRequest(Document delivery, Document campaign, Rendering.Renderer renderer, Document endpoint) {
        Instant requestedAt = requestedAt(delivery);
        Document asSent = new Document(endpoint).append("endpointId", delivery.getString("endpointId"))
                .append("externalId", delivery.getString("externalId"));
        return factory.requested(factory.request(campaign, renderer, delivery.getString("agencyId"),
                delivery.getString("channel"), asSent, delivery.getInteger("attempt", 1), requestedAt), requestedAt);
    }

    /** When the current attempt's request was made (deliveries recorded before requestedAt existed: a close guess). */
    private static Instant requestedAt(Document delivery) {
        Date at = delivery.getDate("requestedAt");
        if (at == null && delivery.getInteger("attempt", 1) > 1) {
            at = delivery.getDate("resentAt");
        }
        if (at == null) {
            at = delivery.getDate("dispatchedAt");
        }
        return at.toInstant();
    }

    /** Since when a delivery has had no answer from its channel, if that is longer than the threshold ({@code cutoff}). */
    public static Date noAnswerSince(Document delivery, Instant cutoff) {
        Date dispatchedAt = delivery.getDate("dispatchedAt");
        return DeliveryStatus.DISPATCHED.name().equals(delivery.getString("status")) && dispatchedAt != null
                && dispatchedAt.toInstant().isBefore(cutoff) ? dispatchedAt : null;
    }

    /** How many of a campaign's deliveries have had no answer from their channel since before {@code cutoff}. */
    public long countUnanswered(String campaignId, Instant cutoff) {
        return mongo.count(Query.query(Criteria.where("campaignId").is(campaignId)
                .and("status").is(DeliveryStatus.DISPATCHED.name()).and("dispatchedAt").lt(Date.from(cutoff))), COLLECTION);
    }

    // ---------------------------------------------------------------- queries

    public Map<String, Long> countsByStatus(String campaignId) {
        Aggregation aggregation = Aggregation.newAggregation(
                Aggregation.match(Criteria.where("campaignId").is(campaignId)),
                Aggregation.group("status").count().as("count"));
        Map<String, Long> counts = new LinkedHashMap<>();
        mongo.aggregate(aggregation, COLLECTION, Document.class).forEach(d ->
                counts.put(d.getString("_id"), ((Number) d.get("count")).longValue()));
        return counts;
    }

    public List<Document> list(String campaignId, String status, int limit) {
        Criteria criteria = Criteria.where("campaignId").is(campaignId);
        if (status != null) {
            criteria = criteria.and("status").is(status);
        }
        Query query = Query.query(criteria).limit(limit);
        query.fields().exclude(OutboxRelay.FIELD);
        return new ArrayList<>(mongo.find(query, Document.class, COLLECTION));
    }

    /** The content a delivery to this endpoint carries, as its request has it (for the addressee's view). */
    public Map<String, Object> content(Rendering.Renderer renderer, String channel, Document endpoint) {
        return factory.asSent(renderer.render(channel, endpoint));
    }
}
