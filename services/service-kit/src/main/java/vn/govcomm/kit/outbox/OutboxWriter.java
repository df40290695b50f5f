package vn.govcomm.kit.outbox;

import com.mongodb.client.result.UpdateResult;
import org.bson.Document;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import vn.govcomm.kit.events.OutgoingEvent;

import java.util.List;

/**
 * Writes an aggregate and the events of its change in ONE single-document write: the events are pushed onto
 * the document's {@code outbox} array, which {@link OutboxRelay} drains. Updates are guarded by the aggregate's
 * {@code version} field (optimistic concurrency), so a concurrent change fails instead of being overwritten.
 * Aggregates are mapped with Spring Data's converter; they must have an {@code @Id} and a {@code long version}.
 */
public class OutboxWriter {

    private final MongoTemplate mongo;

    public OutboxWriter(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public void insert(Object aggregate, String collection, List<OutgoingEvent> events) {
        Document doc = toDocument(aggregate);
        doc.put(OutboxRelay.FIELD, events.stream().map(OutboxRelay::toDocument).toList());
        mongo.insert(doc, collection);
    }

    /**
     * Replaces the aggregate's fields if its stored version is still {@code expectedVersion}; the aggregate
     * passed in must already carry the next version.
     *
     * @throws OptimisticLockingFailureException if somebody else changed it first
     */
    public void update(Object aggregate, long expectedVersion, String collection, List<OutgoingEvent> events) {
        Document doc = toDocument(aggregate);
        Object id = doc.remove("_id");
        Update update = new Update();
        doc.forEach(update::set);
        if (!events.isEmpty()) {
            update.push(OutboxRelay.FIELD).each(events.stream().map(OutboxRelay::toDocument).toArray());
        }
        UpdateResult result = mongo.updateFirst(
                Query.query(Criteria.where("_id").is(id).and("version").is(expectedVersion)), update, collection);
        if (result.getMatchedCount() == 0) {
            throw new OptimisticLockingFailureException(
                    collection + " " + id + " was changed by someone else (expected version " + expectedVersion + ")");
        }
    }

    private Document toDocument(Object aggregate) {
        Document doc = new Document();
        mongo.getConverter().write(aggregate, doc);
        doc.remove("_class");
        doc.remove(OutboxRelay.FIELD);
        return doc;
    }
}
