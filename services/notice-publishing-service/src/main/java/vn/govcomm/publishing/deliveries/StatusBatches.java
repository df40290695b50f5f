package vn.govcomm.publishing.deliveries;

import org.bson.Document;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import vn.govcomm.contracts.events.DeliveryStatusChanged;
import vn.govcomm.kit.delivery.DeliveryStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Applies a batch of channel statuses with two store round trips instead of two per status: one read of every
 * delivery of the batch by {@code _id}, and one unordered bulk write with a compare-and-set per delivery (the
 * statuses of one delivery are folded in their order into one write, applying the kit's
 * {@link DeliveryStatus#canMoveTo} as one by one would). A compare-and-set that lost to another writer (a re-send,
 * the reconciler, another instance after a rebalance) is redone one status at a time by
 * {@link Deliveries#applyStatus}, which reads again; so the result is always the one-by-one result.
 * <p>
 * A status for a delivery that is not recorded stops the batch there: what is before it is applied, and
 * {@link Stopped} says where and why (early → retried with the kit's early wait; unknown → poison), so the Kafka
 * error handler commits the records before it and deals with that one alone.
 */
@Component
public class StatusBatches {

    /** One decoded status event: the report and its occurredAt. */
    public record Status(DeliveryStatusChanged report, Instant at) {
    }

    /** The batch stopped at {@code index}: the statuses before it are applied, {@code getCause()} says why. */
    public static class Stopped extends RuntimeException {
        private final int index;

        Stopped(int index, RuntimeException cause) {
            super(cause.getMessage(), cause);
            this.index = index;
        }

        public int index() {
            return index;
        }
    }

    private final MongoTemplate mongo;
    private final Deliveries deliveries;

    StatusBatches(MongoTemplate mongo, Deliveries deliveries) {
        this.mongo = mongo;
        this.deliveries = deliveries;
    }

    /** Applies the statuses in order; throws {@link Stopped} at the first one whose delivery is not recorded. */
    public void apply(List<Status> statuses) {
        if (statuses.isEmpty()) {
            return;
        }
        Set<String> ids = statuses.stream().map(s -> s.report().deliveryId()).collect(Collectors.toSet());
        Query byIds = Query.query(Criteria.where("_id").in(ids));
        byIds.fields().include("status", "attempt", "channel", "publishAt", "firstAchievedAt");
        Map<String, Document> stored = new HashMap<>();
        mongo.find(byIds, Document.class, Deliveries.COLLECTION).forEach(d -> stored.put(d.getString("_id"), d));

        int stop = statuses.size();
        for (int i = 0; i < statuses.size(); i++) {
            if (!stored.containsKey(statuses.get(i).report().deliveryId())) {
                stop = i;
                break;
            }
        }
        Map<String, Fold> folds = new LinkedHashMap<>();
        for (Status status : statuses.subList(0, stop)) {
            String id = status.report().deliveryId();
            folds.computeIfAbsent(id, k -> new Fold(stored.get(k))).offer(status);
        }
        write(folds);
        if (stop < statuses.size()) {
            throw new Stopped(stop, deliveries.notRecorded(statuses.get(stop).report()));
        }
    }

    private void write(Map<String, Fold> folds) {
        List<Fold> moving = folds.values().stream().filter(Fold::moves).toList();
        if (moving.isEmpty()) {
            return;
        }
        BulkOperations writes = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, Deliveries.COLLECTION);
        moving.forEach(fold -> writes.updateOne(Query.query(fold.unchanged()), fold.update()));
        int modified = writes.execute().getModifiedCount();
        List<Fold> lost = List.of();
        if (modified < moving.size()) {
            // some compare-and-sets lost: see which writes are in the store, redo the others one status at a time
            Query byIds = Query.query(Criteria.where("_id").in(moving.stream().map(Fold::id).toList()));
            byIds.fields().include("status", "attempt", "statusAt");
            Map<String, Document> now = new HashMap<>();
            mongo.find(byIds, Document.class, Deliveries.COLLECTION).forEach(d -> now.put(d.getString("_id"), d));
            lost = moving.stream().filter(fold -> !fold.isIn(now.get(fold.id()))).toList();
        }
        for (Fold fold : moving) {
            if (lost.contains(fold)) {
                fold.applied.forEach(s -> deliveries.applyStatus(s.report(), s.at()));
            } else {
                fold.countMoves();
            }
        }
    }

    /** The statuses of one delivery in a batch, folded as one-by-one application would leave it. */
    private final class Fold {
        private final Document before;
        private final List<Status> applied = new ArrayList<>();
        private DeliveryStatus status;
        private int attempt;
        private final Update update = new Update();
        private Date firstAchievedAt;
        private Date statusAt;

        Fold(Document before) {
            this.before = before;
            this.status = DeliveryStatus.valueOf(before.getString("status"));
            this.attempt = before.getInteger("attempt", 1);
        }

        String id() {
            return before.getString("_id");
        }

        void offer(Status s) {
            DeliveryStatus next = DeliveryStatus.of(s.report().status());
            int nextAttempt = Deliveries.attemptOf(s.report());
            if (!status.canMoveTo(next, attempt, nextAttempt)) {
                return;
            }
            Date occurredAt = Date.from(s.at());
            // later statuses overwrite what earlier ones set, as their writes one after the other would
            Deliveries.statusUpdate(s.report(), next, occurredAt).getUpdateObject().forEach((operator, fields) -> {
                if ("$min".equals(operator)) {
                    firstAchievedAt = firstAchievedAt == null || occurredAt.before(firstAchievedAt) ? occurredAt
                            : firstAchievedAt;
                } else {
                    ((Document) fields).forEach(update::set);
                }
            });
            status = next;
            attempt = nextAttempt;
            statusAt = occurredAt;
            applied.add(s);
        }

        boolean moves() {
            return !applied.isEmpty();
        }

        /** The delivery as it was read: status and attempt (a document without an attempt must still match). */
        Criteria unchanged() {
            Criteria c = Criteria.where("_id").is(id()).and("status").is(before.getString("status"));
            return before.get("attempt") == null ? c.and("attempt").exists(false) : c.and("attempt").is(before.get("attempt"));
        }

        Update update() {
            Update u = update.set("status", status.name()).set("attempt", attempt);
            if (firstAchievedAt != null) {
                u.min("firstAchievedAt", firstAchievedAt);
            }
            return u;
        }

        /** Whether the store holds this fold's write (status, attempt and time of its last status). */
        boolean isIn(Document now) {
            return now != null && status.name().equals(now.getString("status")) && attempt == now.getInteger("attempt", 1)
                    && Objects.equals(statusAt, now.getDate("statusAt"));
        }

        /** The metrics of each move, as one-by-one application counts them. */
        void countMoves() {
            Document current = new Document(before);
            for (Status s : applied) {
                DeliveryStatus next = DeliveryStatus.of(s.report().status());
                Date occurredAt = Date.from(s.at());
                deliveries.countMove(current, next, occurredAt);
                if (next.isAchieved() && current.get("firstAchievedAt") == null) {
                    current.put("firstAchievedAt", occurredAt);
                }
            }
        }
    }
}
