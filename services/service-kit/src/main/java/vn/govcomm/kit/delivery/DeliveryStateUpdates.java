package vn.govcomm.kit.delivery;

import vn.govcomm.kit.kafka.ConcurrentChange;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Moves a stored delivery (a document with {@code status} and {@code attempt}) forward with a compare-and-set,
 * applying {@link DeliveryStatus#canMoveTo}. Used by every service that keeps delivery state, so duplicates and
 * out-of-order events are handled the same way everywhere.
 */
public final class DeliveryStateUpdates {

    private DeliveryStateUpdates() {
    }

    /**
     * @param extra more changes to make in the same write (called once per try; may be empty)
     * @return true if the delivery moved; false if it is unknown or the status would move it backwards
     */
    public static boolean advance(MongoTemplate mongo, String collection, String deliveryId, DeliveryStatus next,
                                  int attempt, Supplier<Update> extra) {
        return advance(mongo, collection, deliveryId, next, attempt, null, extra);
    }

    /**
     * As {@link #advance(MongoTemplate, String, String, DeliveryStatus, int, Supplier)}, starting from a document
     * the caller has just read (saves a read per event; a stale one only costs a retry of the compare-and-set).
     */
    public static boolean advance(MongoTemplate mongo, String collection, String deliveryId, DeliveryStatus next,
                                  int attempt, Document justRead, Supplier<Update> extra) {
        return advance(mongo, collection, deliveryId, next, attempt, justRead, null, extra);
    }

    /**
     * As above, the write also conditioned on {@code fence} (more conditions on the same document, e.g. that a lease
     * is still held: null for none). False, without another try, when the status and attempt are as read but the
     * fence no longer holds: the caller then decides what to write instead.
     */
    public static boolean advance(MongoTemplate mongo, String collection, String deliveryId, DeliveryStatus next,
                                  int attempt, Document justRead, Criteria fence, Supplier<Update> extra) {
        Object comparedStatus = null;
        Object comparedAttempt = null;
        for (int tries = 0; tries < 10; tries++) {
            Document current = tries == 0 && justRead != null ? justRead
                    : mongo.findById(deliveryId, Document.class, collection);
            if (current == null) {
                return false;
            }
            if (fence != null && tries > 0 && current.get("status").equals(comparedStatus)
                    && Objects.equals(current.get("attempt"), comparedAttempt)) {
                return false; // the status compare-and-set would have matched: the fence failed
            }
            DeliveryStatus status = DeliveryStatus.valueOf(current.getString("status"));
            int currentAttempt = current.getInteger("attempt", 1);
            if (!status.canMoveTo(next, currentAttempt, attempt)) {
                return false;
            }
            Update update = extra.get().set("status", next.name()).set("attempt", attempt);
            // compare against what was read: a document written without an attempt (read as 1) must still match
            Criteria unchanged = Criteria.where("_id").is(deliveryId).and("status").is(status.name());
            unchanged = current.get("attempt") == null ? unchanged.and("attempt").exists(false)
                    : unchanged.and("attempt").is(current.get("attempt"));
            var result = mongo.updateFirst(Query.query(fence == null ? unchanged : new Criteria().andOperator(unchanged, fence)),
                    update, collection);
            if (result.getModifiedCount() == 1) {
                return true;
            }
            comparedStatus = status.name();
            comparedAttempt = current.get("attempt");
        }
        throw new ConcurrentChange("Delivery " + deliveryId + " kept changing; will be retried");
    }
}
