package vn.govcomm.kit.outbox;

import com.mongodb.client.result.UpdateResult;
import org.bson.Document;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import vn.govcomm.kit.events.OutgoingEvent;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * The one way into the outbox. Writes an aggregate and the events of its change in ONE single-document write: the
 * events are pushed onto the document's {@code outbox} array, which {@link OutboxRelay} drains. Code that writes its
 * documents by hand (compare-and-set updates, bulk inserts) adds its events with {@link #push(Update, OutgoingEvent...)}
 * and {@link #attach(Document, OutgoingEvent...)} in the same write; the relay's array layout stays the kit's. Updates are guarded by the aggregate's
 * {@code version} field (optimistic concurrency), so a concurrent change fails instead of being overwritten.
 * Aggregates are mapped with Spring Data's converter; they must have an {@code @Id} and a {@code long version}.
 * The relay's own arrays ({@code outbox}, {@code outboxQuarantine}, {@code outboxQuarantineResolved}) are never
 * written from the aggregate, so an aggregate that maps them for reading cannot overwrite what the relay did.
 */
public class OutboxWriter {

    private final MongoTemplate mongo;

    public OutboxWriter(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public void insert(Object aggregate, String collection, List<OutgoingEvent> events) {
        mongo.insert(attach(toDocument(aggregate), events.toArray(OutgoingEvent[]::new)), collection);
    }

    /** Adds {@code events} to the outbox of a hand-written update (after any the document already holds). */
    public static Update push(Update update, OutgoingEvent... events) {
        if (events.length > 0) {
            update.push(OutboxRelay.FIELD).each(Arrays.stream(events).map(OutboxRelay::toDocument).toArray());
        }
        return update;
    }

    /** Gives a document about to be inserted by hand its outbox with {@code events}. */
    public static Document attach(Document document, OutgoingEvent... events) {
        document.put(OutboxRelay.FIELD, Arrays.stream(events).map(OutboxRelay::toDocument).toList());
        return document;
    }

    /**
     * Replaces the aggregate's fields if its stored version is still {@code expectedVersion}; the aggregate
     * passed in must already carry the next version.
     *
     * @throws OptimisticLockingFailureException if somebody else changed it first
     */
    public void update(Object aggregate, long expectedVersion, String collection, List<OutgoingEvent> events) {
        update(aggregate, expectedVersion, collection, events, event -> false);
    }

    /**
     * As {@link #update(Object, long, String, List)}; the events {@code resolvesQuarantine} accepts, once published,
     * resolve the events quarantined on the document before them (see {@link OutboxRelay}): e.g. a re-approval's
     * new version replaces the version that could not be sent.
     */
    public void update(Object aggregate, long expectedVersion, String collection, List<OutgoingEvent> events,
                       Predicate<OutgoingEvent> resolvesQuarantine) {
        Document doc = toDocument(aggregate);
        Object id = doc.remove("_id");
        Update update = new Update();
        doc.forEach(update::set);
        if (!events.isEmpty()) {
            update.push(OutboxRelay.FIELD).each(events.stream()
                    .map(event -> OutboxRelay.toDocument(event, resolvesQuarantine.test(event))).toArray());
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
        doc.remove(OutboxRelay.QUARANTINE);
        doc.remove(OutboxRelay.RESOLVED);
        return doc;
    }
}
