package vn.govcomm.kit.deadletters;

import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import vn.govcomm.identity.Caller;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The audit of what was done with each dead letter, and the guard that makes a replay happen once: collection
 * {@value #COLLECTION}, one document per dead letter acted on, {@code _id = <dlt>/<partition>/<offset>}, inserted
 * BEFORE the record is handed to the listener (insert-first: a second replay or a discard of the same record hits
 * the duplicate key). A replay is {@code replaying} while the listener runs, then {@code replayed}; a listener that
 * failed again removes the claim, so the record is pending again and may be replayed later. Each claim carries a
 * token: only the run that made it (or took it over) confirms or releases it.
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
    }

    /** A replay's hold on a dead letter ({@code before} null), or what was done with the dead letter before. */
    record Claim(String dlt, RecordId id, String token, Document before) {
        boolean claimed() {
            return before == null;
        }
    }

    /**
     * Claims a dead letter for a replay. An unconfirmed claim older than {@code lease} (the service stopped while the
     * listener ran) may be taken over: the consumers are idempotent, so processing it a second time is harmless,
     * while a record stuck forever would not be.
     */
    Claim claimReplay(String dlt, DeadLetter letter, Caller who, Duration lease) {
        String token = UUID.randomUUID().toString();
        Document claim = document(dlt, letter, who, REPLAYING).append("claim", token);
        try {
            mongo.insert(claim, COLLECTION);
            return new Claim(dlt, letter.id(), token, null);
        } catch (DuplicateKeyException taken) {
            Document before = mongo.findById(claim.get("_id"), Document.class, COLLECTION);
            if (before != null && REPLAYING.equals(before.getString("action")) && before.getDate("at") != null
                    && before.getDate("at").toInstant().isBefore(clock.instant().minus(lease))) {
                boolean takenOver = mongo.updateFirst(new Query(Criteria.where("_id").is(claim.get("_id"))
                                .and("action").is(REPLAYING).and("at").is(before.getDate("at"))),
                        new Update().set("by", who.userId()).set("byName", who.displayName()).set("byAgency", who.agencyId())
                                .set("at", claim.getDate("at"))
                                .set("claim", token).set("takenOverFrom", before.getString("by")),
                        COLLECTION).getModifiedCount() == 1;
                if (takenOver) {
                    return new Claim(dlt, letter.id(), token, null);
                }
                before = mongo.findById(claim.get("_id"), Document.class, COLLECTION);
            }
            return new Claim(dlt, letter.id(), null, before == null ? new Document("action", REPLAYING) : before);
        }
    }

    /**
     * The listener took the record: the claim becomes {@code replayed}, with the listener that processed it.
     *
     * @return the action as stored now
     */
    Document confirmReplay(Claim claim, DeadLetterReplays.Target by) {
        mongo.updateFirst(new Query(Criteria.where("_id").is(claim.id().key(claim.dlt())).and("action").is(REPLAYING)
                        .and("claim").is(claim.token())),
                new Update().set("action", REPLAYED).set("replayedAt", Date.from(clock.instant()))
                        .set("replayedIn", new Document("listener", by.listenerId()).append("consumerGroup", by.group())
                                .append("topic", by.topic())), COLLECTION);
        return mongo.findById(claim.id().key(claim.dlt()), Document.class, COLLECTION);
    }

    /** The listener failed again, or never ran: the record is pending again (unless another run took it over). */
    void releaseReplay(Claim claim) {
        mongo.remove(new Query(Criteria.where("_id").is(claim.id().key(claim.dlt())).and("action").is(REPLAYING)
                .and("claim").is(claim.token())), COLLECTION);
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
                .append("byName", who.displayName())
                .append("byAgency", who.agencyId())
                .append("at", Date.from(clock.instant()))
                .append("eventId", letter.eventId())
                .append("eventType", letter.eventType())
                .append("exceptionClass", letter.exceptionClass())
                .append("deadLetteredAt", Date.from(letter.deadLetteredAt()));
    }
}
