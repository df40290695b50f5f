package vn.govcomm.reporting.projections;

import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.events.PoisonEventException;
import vn.govcomm.reporting.projections.DeliveryProjection.Observed;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import static vn.govcomm.reporting.projections.ReadModels.COUNTS;
import static vn.govcomm.reporting.projections.ReadModels.DELIVERIES;

/**
 * Benchmark only: the delivery projection as it was before per-agency documents and by-id compare-and-sets
 * (commit 3b0981f), kept so {@code ReportBenchmark} can time the old and the new live path in the same run.
 * Its filters {@code (_id, status, attempt)} and {@code (_id, status, counted)} scan the collection on the
 * embedded store.
 */
public class LegacyDeliveryProjection {

    private final MongoTemplate mongo;

    public LegacyDeliveryProjection(MongoTemplate mongo) {
        this.mongo = mongo;
        mongo.indexOps(DELIVERIES).createIndex(new Index().on("campaignId", org.springframework.data.domain.Sort.Direction.ASC)
                .on("_id", org.springframework.data.domain.Sort.Direction.ASC).named("campaign_rows"));
    }

    /** A delivery event (requested or status-changed) at the given status. */
    public void record(Observed data, DeliveryStatus status, Instant at) {
        String deliveryId = data.deliveryId();
        String campaignId = data.campaignId();
        String channel = data.channel();
        if (deliveryId == null || campaignId == null || channel == null || !vn.govcomm.contracts.Channels.isKnown(channel)) {
            throw new PoisonEventException("Delivery event without deliveryId, campaignId or a known channel");
        }
        int attempt = data.attempt() == null ? 1 : data.attempt();
        Document row = new Document("_id", deliveryId)
                .append("campaignId", campaignId)
                .append("agencyId", data.agencyId())
                .append("channel", channel)
                .append("endpointId", data.endpointId())
                .append("status", status.name())
                .append("attempt", attempt)
                .append("statusAt", Date.from(at));
        copyDetails(data, row);
        if (!mongo.exists(byId(deliveryId), DELIVERIES)) {
            try {
                mongo.insert(row, DELIVERIES);
                settle(deliveryId);
                return;
            } catch (DuplicateKeyException raced) {
                // created meanwhile by the other topic's event: fall through to the guarded update
            }
        }
        advance(deliveryId, status, attempt, () -> {
            Update update = new Update().set("statusAt", Date.from(at));
            Document details = new Document();
            copyDetails(data, details);
            details.forEach(update::set);
            // A reason explains the status it came with; a later status without one clears it.
            for (String field : List.of("reasonCode", "reason")) {
                if (!details.containsKey(field)) {
                    update.unset(field);
                }
            }
            return update;
        });
        // Settled even when nothing moved: finishes a move a previous (crashed) delivery of this event claimed not.
        settle(deliveryId);
    }

    /** Compare-and-set like {@code DeliveryStateUpdates.advance} (the kit's {@link DeliveryStatus#canMoveTo}). */
    private boolean advance(String deliveryId, DeliveryStatus next, int attempt, java.util.function.Supplier<Update> extra) {
        for (int tries = 0; tries < 10; tries++) {
            Document current = mongo.findById(deliveryId, Document.class, DELIVERIES);
            if (current == null) {
                return false;
            }
            DeliveryStatus status = DeliveryStatus.valueOf(current.getString("status"));
            int currentAttempt = current.getInteger("attempt", 1);
            if (!status.canMoveTo(next, currentAttempt, attempt)) {
                return false;
            }
            Update update = extra.get().set("status", next.name()).set("attempt", attempt);
            if (mongo.updateFirst(Query.query(Criteria.where("_id").is(deliveryId).and("status").is(status.name())
                    .and("attempt").is(currentAttempt)), update, DELIVERIES).getModifiedCount() == 1) {
                return true;
            }
        }
        throw new IllegalStateException("Delivery " + deliveryId + " kept changing; will be retried");
    }

    /** Brings the campaign counters in line with the row's status (at most once per move, see class comment). */
    void settle(String deliveryId) {
        for (int tries = 0; tries < 10; tries++) {
            Document row = mongo.findById(deliveryId, Document.class, DELIVERIES);
            if (row == null) {
                return;
            }
            String status = row.getString("status");
            String counted = row.getString("counted");
            if (status.equals(counted)) {
                return;
            }
            Criteria claim = Criteria.where("_id").is(deliveryId).and("status").is(status);
            claim = counted == null ? claim.and("counted").exists(false) : claim.and("counted").is(counted);
            if (mongo.updateFirst(Query.query(claim), new Update().set("counted", status), DELIVERIES)
                    .getModifiedCount() == 1) {
                String channel = row.getString("channel");
                Update counters = new Update().inc("byStatus." + status, 1).inc("byChannel." + channel + "." + status, 1)
                        .inc("rev", 1).set("updatedAt", new Date());
                if (counted == null) {
                    counters.inc("total", 1);
                } else {
                    counters.inc("byStatus." + counted, -1).inc("byChannel." + channel + "." + counted, -1);
                }
                mongo.upsert(byId(row.getString("campaignId")), counters, COUNTS);
                return;
            }
        }
        throw new IllegalStateException("Delivery " + deliveryId + " kept changing while being counted; will be retried");
    }

    /** Rebuilds one campaign's counters from its rows (repair after a crash; rows are the source of truth). */
    public Document recount(String campaignId) {
        Document counts = new Document("total", 0L);
        Document byStatus = new Document();
        Document byChannel = new Document();
        for (Document row : mongo.find(Query.query(Criteria.where("campaignId").is(campaignId)), Document.class, DELIVERIES)) {
            String status = row.getString("status");
            String channel = row.getString("channel");
            counts.put("total", counts.getLong("total") + 1);
            byStatus.merge(status, 1L, (a, b) -> (Long) a + (Long) b);
            ((Document) byChannel.computeIfAbsent(channel, c -> new Document())).merge(status, 1L, (a, b) -> (Long) a + (Long) b);
            if (!status.equals(row.getString("counted"))) {
                mongo.updateFirst(byId(row.getString("_id")), new Update().set("counted", status), DELIVERIES);
            }
        }
        Update update = new Update().set("total", counts.getLong("total")).set("byStatus", byStatus)
                .set("byChannel", byChannel).inc("rev", 1).set("updatedAt", new Date());
        return mongo.findAndModify(byId(campaignId), update, FindAndModifyOptions.options().upsert(true).returnNew(true),
                Document.class, COUNTS);
    }

    private static Query byId(String id) {
        return Query.query(Criteria.where("_id").is(id));
    }

    private static void copyDetails(Observed data, Document target) {
        Document fields = new Document("reasonCode", data.reasonCode()).append("reason", data.reason())
                .append("externalRef", data.externalRef()).append("permalink", data.permalink());
        fields.forEach((field, value) -> {
            if (value != null) {
                target.append(field, value);
            }
        });
    }
}
