package vn.govcomm.reporting.projections;

import vn.govcomm.kit.kafka.ConcurrentChange;
import com.mongodb.client.result.UpdateResult;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import vn.govcomm.contracts.Channels;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.contracts.events.DeliveryStatusChanged;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.events.PoisonEventException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static vn.govcomm.reporting.projections.ReadModels.AGENCY_COUNTS;
import static vn.govcomm.reporting.projections.ReadModels.COUNTS;
import static vn.govcomm.reporting.projections.ReadModels.DELIVERIES;

/**
 * The delivery read model: one row per delivery, created by whichever of its events arrives first (request or
 * status: topics are not ordered with each other) and moved forward only (the kit's {@link DeliveryStatus#canMoveTo}), so
 * duplicates and out-of-order events change nothing and a replay from the beginning gives the same rows.
 *
 * <p>Counters are kept beside the rows so that reading them never touches the rows: per campaign
 * ({@value ReadModels#COUNTS}) and per campaign and agency ({@value ReadModels#AGENCY_COUNTS}: counts by channel
 * and status, the agency's delivery ids, its failures with their reasons). Each row remembers the status and
 * attempt it is counted under ({@code counted}, {@code countedAttempt}); after every row write {@link #settle}
 * claims the move from the counted state to the row's state with a compare-and-set on the row and then applies it
 * to both counters, so two writers never count the same move twice, and a redelivered event finishes a move whose
 * row write happened before a crash. Without multi-document transactions a crash between the claim and the
 * increments loses that one move: {@link #recount} rebuilds a campaign's counters from its rows
 * (POST /api/reports/campaigns/{id}/recount).
 *
 * <p>Every operation of an event is by {@code _id}: read the row (not for a request, which tries the insert first);
 * insert it or compare-and-set it on
 * {@code (_id, status, attempt, counted, countedAttempt)}; claim with the same filter; {@code $inc} the campaign
 * counters; {@code $inc} the agency document (plus one {@code $addToSet} into the campaign's agency index when that
 * document is created). Every filter pins {@code _id}: a look-up on MongoDB and on the embedded store alike.
 */
@Component
public class DeliveryProjection {

    /** {@code counted} of a row not counted yet (a plain value, so the claim filter is an index look-up). */
    static final String UNCOUNTED = "NONE";
    private static final String FAILED = DeliveryStatus.FAILED.name();

    private final MongoTemplate mongo;

    DeliveryProjection(MongoTemplate mongo) {
        this.mongo = mongo;
        // MongoDB: the exports and recount read a campaign's rows in order.
        mongo.indexOps(DELIVERIES).createIndex(new Index().on("campaignId", Sort.Direction.ASC)
                .on("_id", Sort.Direction.ASC).named("campaign_rows"));
    }

    /**
     * What a row takes from a delivery event, whichever it is: {@link DeliveryRequested} (the only one with the
     * endpoint's display name; without its noticeVersion or attempt it is poison) or {@link DeliveryStatusChanged}
     * (the only one with reasons, references and permalinks; an absent attempt counts as 1).
     */
    public record Observed(String deliveryId, String campaignId, String agencyId, String channel, String endpointId,
                           Integer attempt, String reasonCode, String reason, String externalRef, String permalink,
                           String endpointName) {

        public static Observed of(DeliveryRequested requested) {
            if (requested.noticeVersion() == null || requested.attempt() == null) {
                throw new PoisonEventException("DeliveryRequested " + requested.deliveryId()
                        + " without its noticeVersion or attempt");
            }
            return new Observed(requested.deliveryId(), requested.campaignId(), requested.agencyId(), requested.channel(),
                    requested.endpointId(), requested.attempt(), null, null, null, null, requested.endpointName());
        }

        public static Observed of(DeliveryStatusChanged changed) {
            return new Observed(changed.deliveryId(), changed.campaignId(), changed.agencyId(), changed.channel(),
                    changed.endpointId(), changed.attempt(), changed.reasonCode(), changed.reason(), changed.externalRef(),
                    changed.permalink(), null);
        }
    }

    /** A delivery event (requested or status-changed) at the given status. */
    public void record(Observed event, DeliveryStatus status, Instant at) {
        String deliveryId = event.deliveryId();
        String campaignId = event.campaignId();
        String agencyId = event.agencyId();
        String channel = event.channel();
        if (deliveryId == null || campaignId == null || agencyId == null || !Channels.isKnown(channel)) {
            throw new PoisonEventException("Delivery event without deliveryId, campaignId, agencyId or a known channel");
        }
        int attempt = event.attempt() == null ? 1 : event.attempt();
        Document details = details(event);
        // A request usually comes first: insert-first saves the read (a duplicate key sends us to the read).
        boolean insertFirst = status == DeliveryStatus.DISPATCHED;
        for (int tries = 0; tries < 10; tries++) {
            Document current = insertFirst ? null : mongo.findById(deliveryId, Document.class, DELIVERIES);
            insertFirst = false;
            if (current == null) {
                Document row = new Document("_id", deliveryId)
                        .append("campaignId", campaignId)
                        .append("agencyId", agencyId)
                        .append("channel", channel)
                        .append("endpointId", event.endpointId())
                        .append("status", status.name())
                        .append("attempt", attempt)
                        .append("statusAt", Date.from(at))
                        .append("counted", UNCOUNTED)
                        .append("countedAttempt", 0);
                row.putAll(details);
                try {
                    mongo.insert(row, DELIVERIES);
                } catch (DuplicateKeyException raced) {
                    continue; // created meanwhile by the other topic's event: read it and compare-and-set
                }
                settle(row);
                return;
            }
            // The kit's rule, which also lets proof of publication for the same attempt override EXPIRED or FAILED
            // (proof of play arrives late and batched; a manual channel's evidence is accepted after a rejection),
            // so the result does not depend on arrival order and a replay agrees with the live run.
            if (!DeliveryStatus.valueOf(current.getString("status")).canMoveTo(status, current.getInteger("attempt", 1), attempt)) {
                keepEndpointName(current, details);
                // Settled even when nothing moved: finishes a move a previous (crashed) delivery of this event claimed not.
                settle(current);
                return;
            }
            Update update = new Update().set("status", status.name()).set("attempt", attempt).set("statusAt", Date.from(at));
            details.forEach(update::set);
            // A reason explains the status it came with; a later status without one clears it.
            for (String field : List.of("reasonCode", "reason")) {
                if (!details.containsKey(field)) {
                    update.unset(field);
                }
            }
            if (mongo.updateFirst(Query.query(sameState(current)), update, DELIVERIES).getModifiedCount() == 1) {
                Document moved = new Document(current);
                moved.remove("reasonCode");
                moved.remove("reason");
                moved.putAll(details);
                moved.append("status", status.name()).append("attempt", attempt).append("statusAt", Date.from(at));
                settle(moved);
                return;
            }
        }
        throw new ConcurrentChange("Delivery " + deliveryId + " kept changing; will be retried");
    }

    /**
     * A request that arrives after its delivery's first status moves nothing, but it is the only event with the
     * endpoint's display name: kept once (by id; nothing is counted).
     */
    private void keepEndpointName(Document row, Document details) {
        String name = details.getString("endpointName");
        if (name != null && row.getString("endpointName") == null) {
            mongo.updateFirst(byId(row.getString("_id")), new Update().set("endpointName", name), DELIVERIES);
        }
    }

    /** The compare-and-set filter of a row: exactly the fields of the embedded store's look-up index. */
    private static Criteria sameState(Document row) {
        return Criteria.where("_id").is(row.getString("_id")).and("status").is(row.getString("status"))
                .and("attempt").is(row.get("attempt")).and("counted").is(row.get("counted"))
                .and("countedAttempt").is(row.get("countedAttempt"));
    }

    /** Brings the counters in line with the row's state (at most once per move, see class comment). */
    void settle(Document row) {
        for (int tries = 0; tries < 10; tries++) {
            String status = row.getString("status");
            int attempt = row.getInteger("attempt", 1);
            String counted = row.getString("counted");
            Integer countedAttempt = row.getInteger("countedAttempt");
            if (status.equals(counted) && countedAttempt != null && countedAttempt == attempt) {
                return;
            }
            if (mongo.updateFirst(Query.query(sameState(row)), new Update().set("counted", status).set("countedAttempt", attempt),
                    DELIVERIES).getModifiedCount() == 1) {
                count(row, counted);
                return;
            }
            row = mongo.findById(row.getString("_id"), Document.class, DELIVERIES);
            if (row == null) {
                return;
            }
        }
        throw new ConcurrentChange("Delivery " + row.getString("_id") + " kept changing while being counted; will be retried");
    }

    /** Applies a claimed move {@code from → row's status} to the campaign's and the agency's counters. */
    private void count(Document row, String from) {
        String campaignId = row.getString("campaignId");
        String channel = row.getString("channel");
        String status = row.getString("status");
        boolean first = from == null || UNCOUNTED.equals(from);
        boolean moved = !status.equals(from);
        if (moved) {
            Update counters = new Update().inc("byStatus." + status, 1).inc("byChannel." + channel + "." + status, 1)
                    .inc("rev", 1).set("updatedAt", new Date());
            if (first) {
                counters.inc("total", 1);
            } else {
                counters.inc("byStatus." + from, -1).inc("byChannel." + channel + "." + from, -1);
            }
            mongo.upsert(byId(campaignId), counters, COUNTS);
        }
        String agencyId = row.getString("agencyId");
        String key = ReadModels.fieldKey(row.getString("_id"));
        Update agency = new Update();
        if (moved) {
            agency.inc("byChannel." + channel + "." + status, 1);
            if (first) {
                agency.inc("total", 1).set("deliveries." + key, channel);
            } else {
                agency.inc("byChannel." + channel + "." + from, -1);
            }
        }
        if (FAILED.equals(status)) {
            agency.set("failures." + key, failure(row));
        } else if (FAILED.equals(from)) {
            agency.unset("failures." + key);
        }
        if (agency.getUpdateObject().isEmpty()) {
            return;
        }
        agency.setOnInsert("campaignId", campaignId).setOnInsert("agencyId", agencyId);
        UpdateResult result = mongo.upsert(byId(ReadModels.agencyKey(campaignId, agencyId)), agency, AGENCY_COUNTS);
        if (result.getUpsertedId() != null) {
            CampaignAgencies.add(mongo, campaignId, List.of(agencyId));
        }
    }

    private static Document failure(Document row) {
        Document failure = new Document("deliveryId", row.getString("_id")).append("channel", row.getString("channel"));
        for (String field : List.of("reasonCode", "reason", "endpointId")) {
            if (row.getString(field) != null) {
                failure.append(field, row.getString(field));
            }
        }
        return failure;
    }

    /**
     * Rebuilds one campaign's counters, per-agency documents (keeping their plan fields) and agency index from its
     * rows (repair after a crash, or after an upgrade from a version without per-agency documents; rows are the
     * source of truth).
     */
    public Document recount(String campaignId) {
        Document counts = new Document("total", 0L);
        Document byStatus = new Document();
        Document byChannel = new Document();
        Map<String, AgencyTally> agencies = new LinkedHashMap<>();
        List<Document> unsettled = new ArrayList<>();
        for (Document row : mongo.find(Query.query(Criteria.where("campaignId").is(campaignId)), Document.class, DELIVERIES)) {
            String status = row.getString("status");
            String channel = row.getString("channel");
            counts.put("total", counts.getLong("total") + 1);
            byStatus.merge(status, 1L, (a, b) -> (Long) a + (Long) b);
            ((Document) byChannel.computeIfAbsent(channel, c -> new Document())).merge(status, 1L, (a, b) -> (Long) a + (Long) b);
            if (row.getString("agencyId") != null) {
                agencies.computeIfAbsent(row.getString("agencyId"), a -> new AgencyTally()).add(row);
            }
            if (!status.equals(row.getString("counted")) || !Objects.equals(row.getInteger("countedAttempt"), row.getInteger("attempt", 1))) {
                unsettled.add(row);
            }
        }
        if (!unsettled.isEmpty()) {
            BulkOperations rows = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, DELIVERIES);
            unsettled.forEach(row -> rows.updateOne(byId(row.getString("_id")), new Update().set("counted", row.getString("status"))
                    .set("countedAttempt", row.getInteger("attempt", 1))));
            rows.execute();
        }
        CampaignAgencies.add(mongo, campaignId, agencies.keySet());
        Set<String> withRows = new HashSet<>(agencies.keySet());
        BulkOperations perAgency = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, AGENCY_COUNTS);
        int writes = agencies.size();
        agencies.forEach((agencyId, tally) -> perAgency.upsert(byId(ReadModels.agencyKey(campaignId, agencyId)),
                new Update().set("campaignId", campaignId).set("agencyId", agencyId).set("total", tally.total)
                        .set("byChannel", tally.byChannel).set("deliveries", tally.deliveries).set("failures", tally.failures)));
        for (String agencyId : CampaignAgencies.ids(mongo, campaignId)) {
            if (!withRows.contains(agencyId)) {
                perAgency.updateOne(byId(ReadModels.agencyKey(campaignId, agencyId)), new Update().set("total", 0L)
                        .set("byChannel", new Document()).set("deliveries", new Document()).set("failures", new Document()));
                writes++;
            }
        }
        if (writes > 0) {
            perAgency.execute();
        }
        Update update = new Update().set("total", counts.getLong("total")).set("byStatus", byStatus)
                .set("byChannel", byChannel).inc("rev", 1).set("updatedAt", new Date());
        return mongo.findAndModify(byId(campaignId), update, FindAndModifyOptions.options().upsert(true).returnNew(true),
                Document.class, COUNTS);
    }

    private static final class AgencyTally {
        long total;
        final Document byChannel = new Document();
        final Document deliveries = new Document();
        final Document failures = new Document();

        void add(Document row) {
            String channel = row.getString("channel");
            String status = row.getString("status");
            String key = ReadModels.fieldKey(row.getString("_id"));
            total++;
            ((Document) byChannel.computeIfAbsent(channel, c -> new Document())).merge(status, 1L, (a, b) -> (Long) a + (Long) b);
            deliveries.put(key, channel);
            if (FAILED.equals(status)) {
                failures.put(key, failure(row));
            }
        }
    }

    private static Query byId(String id) {
        return Query.query(Criteria.where("_id").is(id));
    }

    /** What a row keeps of the event besides its state: the fields it came with. */
    private static Document details(Observed event) {
        Document details = new Document();
        keep(details, "reasonCode", event.reasonCode());
        keep(details, "reason", event.reason());
        keep(details, "externalRef", event.externalRef());
        keep(details, "permalink", event.permalink());
        keep(details, "endpointName", event.endpointName());
        return details;
    }

    private static void keep(Document details, String field, String value) {
        if (value != null) {
            details.append(field, value);
        }
    }
}
