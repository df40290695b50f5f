package vn.govcomm.notification.compliance;

import vn.govcomm.kit.kafka.ConcurrentChange;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import vn.govcomm.kit.delivery.DeliveryStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One row per delivery (campaign, agency, channel, status, attempt), from delivery.status.<channel>. A batch is
 * folded in memory over the stored rows with the kit's {@link DeliveryStatus#canMoveTo} (attempt-aware: the same
 * status twice is not applied, a newer attempt starts over, proof of publication overtakes a failure) and written
 * with one bulk command: inserts for new rows, compare-and-sets on {@code (_id, status, attempt)} for the others.
 * So a batch costs one read ({@code _id $in}) and one write whatever its size; a duplicate or late event changes
 * nothing. A compare-and-set that lost (a rebalance, a dead-letter replay) folds the batch again over fresh rows.
 */
@Component
public class DeliveryRows {

    public static final String COLLECTION = "notification_deliveries";
    private static final int DUPLICATE_KEY = 11000;
    private static final int TRIES = 5;

    private final MongoTemplate mongo;

    DeliveryRows(MongoTemplate mongo) {
        this.mongo = mongo;
        // MongoDB: a round reads one campaign's rows.
        mongo.indexOps(COLLECTION).createIndex(new Index().on("campaignId", Sort.Direction.ASC).named("campaign_rows"));
    }

    /** What one DeliveryStatusChanged says. */
    record StatusChange(String deliveryId, String campaignId, String agencyId, String channel, DeliveryStatus status,
                        int attempt, Instant at) {
    }

    private record Row(String campaignId, String agencyId, String channel, DeliveryStatus status, int attempt, Instant at) {
    }

    void apply(List<StatusChange> changes) {
        for (int tries = 0; tries < TRIES; tries++) {
            if (applyOnce(changes)) {
                return;
            }
        }
        throw new ConcurrentChange("Delivery rows kept changing under a batch of " + changes.size()
                + " statuses; the batch will be retried");
    }

    /** @return false when a compare-and-set lost (fold again) */
    private boolean applyOnce(List<StatusChange> changes) {
        List<String> ids = changes.stream().map(StatusChange::deliveryId).distinct().toList();
        Map<String, Row> stored = new HashMap<>();
        for (Document doc : mongo.find(Query.query(Criteria.where("_id").in(ids)), Document.class, COLLECTION)) {
            stored.put(doc.getString("_id"), new Row(doc.getString("campaignId"), doc.getString("agencyId"),
                    doc.getString("channel"), DeliveryStatus.valueOf(doc.getString("status")),
                    doc.getInteger("attempt", 1), doc.getDate("statusAt").toInstant()));
        }
        Map<String, Row> folded = new LinkedHashMap<>(stored);
        for (StatusChange change : changes) {
            Row current = folded.get(change.deliveryId());
            if (current == null || current.status().canMoveTo(change.status(), current.attempt(), change.attempt())) {
                folded.put(change.deliveryId(), new Row(change.campaignId(), change.agencyId(), change.channel(),
                        change.status(), change.attempt(), change.at()));
            }
        }
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION);
        int updates = 0;
        int writes = 0;
        for (Map.Entry<String, Row> entry : folded.entrySet()) {
            Row before = stored.get(entry.getKey());
            Row after = entry.getValue();
            if (Objects.equals(before, after)) {
                continue;
            }
            writes++;
            if (before == null) {
                bulk.insert(new Document("_id", entry.getKey()).append("campaignId", after.campaignId())
                        .append("agencyId", after.agencyId()).append("channel", after.channel())
                        .append("status", after.status().name()).append("attempt", after.attempt())
                        .append("statusAt", Date.from(after.at())));
            } else {
                updates++;
                bulk.updateOne(Query.query(Criteria.where("_id").is(entry.getKey()).and("status").is(before.status().name())
                                .and("attempt").is(before.attempt())),
                        new Update().set("status", after.status().name()).set("attempt", after.attempt())
                                .set("statusAt", Date.from(after.at())));
            }
        }
        if (writes == 0) {
            return true;
        }
        BulkWriteResult result;
        try {
            result = bulk.execute();
        } catch (BulkOperationException e) {
            for (BulkWriteError error : e.getErrors()) {
                if (error.getCode() != DUPLICATE_KEY) {
                    throw e;
                }
            }
            return false; // a row was inserted meanwhile: fold over it
        } catch (DuplicateKeyException raced) {
            return false;
        }
        return result.getMatchedCount() == updates;
    }

    /**
     * The agencies of {@code targets} (agency → required channels, in plan order) that have not complied on every
     * required channel, each with the channels missing, from the campaign's rows (one query).
     */
    public List<Compliance.Missing> nonCompliant(String campaignId, Map<String, List<String>> targets) {
        Query query = Query.query(Criteria.where("campaignId").is(campaignId));
        query.fields().include("agencyId", "channel", "status");
        List<Compliance.Delivery> deliveries = new ArrayList<>();
        for (Document doc : mongo.find(query, Document.class, COLLECTION)) {
            deliveries.add(new Compliance.Delivery(doc.getString("agencyId"), doc.getString("channel"),
                    DeliveryStatus.valueOf(doc.getString("status"))));
        }
        return Compliance.nonCompliant(targets, deliveries);
    }
}
