package vn.govcomm.kit.deadletters;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.store.EmbeddedStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The audit of what was done with each dead letter, and the guard that makes a replay happen once: collection
 * {@value #COLLECTION}, one document per dead letter acted on, {@code _id = <dlt>/<partition>/<offset>}, inserted
 * BEFORE the record is sent (insert-first: a second replay or a discard of the same record hits the duplicate
 * key). A replay is {@code replaying} until the broker acknowledged it, then {@code replayed}; a send that failed
 * removes its claim so the record can be replayed again.
 */
class DeadLetterActions {

    static final String COLLECTION = "dead_letter_actions";
    static final String REPLAYING = "replaying";
    static final String REPLAYED = "replayed";
    static final String DISCARDED = "discarded";

    private final MongoTemplate mongo;
    private final Clock clock;

    DeadLetterActions(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    void ensureIndexes() {
        // what the index refresh asks for (real MongoDB; the embedded store only uses unique indexes)
        mongo.indexOps(COLLECTION).createIndex(new Index().on("topic", Sort.Direction.ASC)
                .on("offset", Sort.Direction.ASC).named("topic_offset"));
        // compare-and-set filters below, index look-ups on the embedded store too
        EmbeddedStore.ensureLookupIndex(mongo, COLLECTION, "action");
        EmbeddedStore.ensureLookupIndex(mongo, COLLECTION, "action", "at");
    }

    /**
     * Claims a dead letter for a replay. An unconfirmed claim older than {@code lease} (the service stopped between
     * the claim and the broker's answer) may be taken over: the consumers are idempotent, so a second copy is
     * harmless, while a record stuck forever would not be.
     *
     * @return empty when claimed; otherwise what was done with it before
     */
    Optional<Document> claimReplay(String dlt, DeadLetter letter, Caller who, Duration lease) {
        Document claim = document(dlt, letter, who, REPLAYING);
        try {
            mongo.insert(claim, COLLECTION);
            return Optional.empty();
        } catch (DuplicateKeyException taken) {
            Document before = mongo.findById(claim.get("_id"), Document.class, COLLECTION);
            if (before != null && REPLAYING.equals(before.getString("action")) && before.getDate("at") != null
                    && before.getDate("at").toInstant().isBefore(clock.instant().minus(lease))) {
                boolean takenOver = mongo.updateFirst(new Query(Criteria.where("_id").is(claim.get("_id"))
                                .and("action").is(REPLAYING).and("at").is(before.getDate("at"))),
                        new Update().set("by", who.userId()).set("byAgency", who.agencyId()).set("at", claim.getDate("at"))
                                .set("takenOverFrom", before.getString("by")), COLLECTION).getModifiedCount() == 1;
                if (takenOver) {
                    return Optional.empty();
                }
                before = mongo.findById(claim.get("_id"), Document.class, COLLECTION);
            }
            return Optional.ofNullable(before).or(() -> Optional.of(new Document("action", REPLAYING)));
        }
    }

    /** The broker has the replayed record: the claim becomes {@code replayed}, with where it went. */
    Document confirmReplay(String dlt, RecordId id, RecordMetadata sent) {
        Instant now = clock.instant();
        mongo.updateFirst(new Query(Criteria.where("_id").is(id.key(dlt)).and("action").is(REPLAYING)),
                new Update().set("action", REPLAYED).set("replayedAt", Date.from(now))
                        .set("replayedTo", new Document("topic", sent.topic()).append("partition", sent.partition())
                                .append("offset", sent.offset())), COLLECTION);
        return mongo.findById(id.key(dlt), Document.class, COLLECTION);
    }

    /** The send failed: the record may be replayed again. */
    void releaseReplay(String dlt, RecordId id) {
        mongo.remove(new Query(Criteria.where("_id").is(id.key(dlt)).and("action").is(REPLAYING)), COLLECTION);
    }

    /** @return empty when discarded now; otherwise what was done with it before */
    Optional<Document> discard(String dlt, DeadLetter letter, Caller who, String reason) {
        Document discard = document(dlt, letter, who, DISCARDED).append("reason", reason);
        try {
            mongo.insert(discard, COLLECTION);
            return Optional.empty();
        } catch (DuplicateKeyException taken) {
            return Optional.ofNullable(mongo.findById(discard.get("_id"), Document.class, COLLECTION))
                    .or(() -> Optional.of(new Document("action", DISCARDED)));
        }
    }

    /** The actions on records of {@code dlt} from {@code minOffset} on (the DLT's retention deleted the others). */
    Map<RecordId, String> actedOn(String dlt, long minOffset) {
        Query query = new Query(Criteria.where("topic").is(dlt).and("offset").gte(minOffset));
        query.fields().include("partition", "offset", "action");
        Map<RecordId, String> acted = new HashMap<>();
        for (Document d : mongo.find(query, Document.class, COLLECTION)) {
            acted.put(new RecordId(d.getInteger("partition"), d.get("offset", Number.class).longValue()),
                    d.getString("action"));
        }
        return acted;
    }

    /** The actions on these records, by id. */
    Map<RecordId, Document> find(String dlt, Collection<RecordId> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        List<String> keys = new TreeSet<>(ids).stream().map(id -> id.key(dlt)).toList();
        Map<RecordId, Document> found = new HashMap<>();
        for (Document d : mongo.find(new Query(Criteria.where("_id").in(keys)), Document.class, COLLECTION)) {
            found.put(new RecordId(d.getInteger("partition"), d.get("offset", Number.class).longValue()), d);
        }
        return found;
    }

    private Document document(String dlt, DeadLetter letter, Caller who, String action) {
        return new Document("_id", letter.id().key(dlt))
                .append("topic", dlt)
                .append("partition", letter.id().partition())
                .append("offset", letter.id().offset())
                .append("action", action)
                .append("by", who.userId())
                .append("byAgency", who.agencyId())
                .append("at", Date.from(clock.instant()))
                .append("eventId", letter.eventId())
                .append("eventType", letter.eventType())
                .append("exceptionClass", letter.exceptionClass())
                .append("deadLetteredAt", Date.from(letter.deadLetteredAt()));
    }
}
