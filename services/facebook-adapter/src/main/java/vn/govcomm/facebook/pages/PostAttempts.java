package vn.govcomm.facebook.pages;

import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import vn.govcomm.kit.store.ManyIds;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * The reconciliation list of create calls (collection {@value #COLLECTION}, one document per delivery). A create is
 * recorded BEFORE it is sent (state CALLING, compare-and-set on the document's version, so two instances never both
 * post). A create's answer is not written here but with the delivery's ACCEPTED (its {@code externalRef}, one write):
 * CALLING with that post id recorded is an answered call; CALLING without it, an interrupted one. POSTED is written
 * when a post is adopted after a look-up, or when the ACCEPTED write did not move (retraction in flight). Every
 * create whose outcome we did not see — no answer, a crash mid-call, or Facebook's 506 "duplicate" (our marker makes
 * the message unique, so a duplicate is our own post) — is kept on the {@code unresolved} list: such a post may be
 * live although we do not know its id. Publishing looks it up before any re-post; retraction and cancellation look
 * it up too and delete what they find, until the visibility horizon has passed. A retraction is recorded here first
 * ({@code retraction}, {@code cleanup}: the durable to-do of deleting), which also stops any later create for that
 * attempt. Single-document updates only.
 */
@Component
class PostAttempts {

    static final String COLLECTION = "post_attempts";

    enum State { CALLING, UNCONFIRMED, POSTED, REJECTED }

    /** Why a create may have produced a post we do not know. */
    enum Unresolved { NO_ANSWER, DUPLICATE }

    /**
     * One delivery's create calls as stored.
     *
     * @param unresolvedAt    when creates without a seen outcome happened (no answer, 506)
     * @param retractedAttempt the delivery attempt a retraction was recorded for, or null
     */
    record Attempt(String deliveryId, String pageId, int attempt, State state, int calls, long version,
                   Instant lastCallAt, String postId, Instant postedAt, List<Instant> unresolvedAt,
                   Integer retractedAttempt, Document retraction, Document cleanup, List<String> deleted) {

        /** A create of this delivery may have made a post we never saw (or a crash interrupted one). */
        Instant lastUnresolvedAt() {
            return lastUnresolvedAt(false);
        }

        /**
         * As above; {@code postRecorded}: the delivery carries the post id its ACCEPTED write recorded. A create's
         * answer is recorded there only (the record keeps CALLING, one write less per delivery), so a CALLING record
         * then means "answered", not "interrupted".
         */
        Instant lastUnresolvedAt(boolean postRecorded) {
            Instant last = unresolvedAt.stream().max(Instant::compareTo).orElse(null);
            if (state == State.CALLING && !postRecorded && lastCallAt != null
                    && (last == null || lastCallAt.isAfter(last))) {
                last = lastCallAt; // recorded, then nothing: the instance died (or stopped) mid-call
            }
            return last;
        }

        boolean retracted(int deliveryAttempt) {
            return retractedAttempt != null && retractedAttempt >= deliveryAttempt;
        }
    }

    private final MongoTemplate mongo;
    private final Clock clock = Clock.systemUTC();

    PostAttempts(MongoTemplate mongo) {
        this.mongo = mongo;
        mongo.indexOps(COLLECTION).createIndex(new Index().on("cleanup.nextAt", Sort.Direction.ASC).sparse()
                .named("cleanup_due"));
    }

    Optional<Attempt> find(String deliveryId) {
        return Optional.ofNullable(mongo.findById(deliveryId, Document.class, COLLECTION)).map(PostAttempts::attempt);
    }

    /**
     * Records a create about to be sent, if nothing changed since {@code seen} was read (null: no record yet). Returns
     * false when another instance (or a retraction) got there first: the caller must not send.
     */
    boolean calling(Attempt seen, String deliveryId, int attempt, String pageId) {
        Date now = Date.from(clock.instant());
        if (seen == null) {
            try {
                mongo.insert(new Document("_id", deliveryId).append("pageId", pageId).append("attempt", attempt)
                        .append("state", State.CALLING.name()).append("calls", 1).append("v", 1L)
                        .append("lastCallAt", now).append("unresolved", List.of()), COLLECTION);
                return true;
            } catch (DuplicateKeyException e) {
                return false;
            }
        }
        if (seen.retracted(attempt)) {
            return false;
        }
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(deliveryId).and("v").is(seen.version())),
                new Update().set("state", State.CALLING.name()).set("attempt", attempt).set("pageId", pageId)
                        .inc("calls", 1).inc("v", 1).set("lastCallAt", now), COLLECTION).getModifiedCount() == 1;
    }

    /** Facebook answered with the post's id (or we found it by its marker); returns the record as it now is. */
    Attempt posted(String deliveryId, String postId) {
        Document doc = mongo.findAndModify(Query.query(Criteria.where("_id").is(deliveryId)), new Update()
                        .set("state", State.POSTED.name()).set("postId", postId).set("postedAt", Date.from(clock.instant()))
                        .inc("v", 1),
                FindAndModifyOptions.options().returnNew(true).upsert(true), Document.class, COLLECTION);
        return attempt(doc);
    }

    /** The create got no answer we could read (or a 506): a post may exist; it goes on the unresolved list. */
    void unresolved(String deliveryId, Unresolved why) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(deliveryId)), new Update()
                .set("state", State.UNCONFIRMED.name())
                .push("unresolved", new Document("at", Date.from(clock.instant())).append("why", why.name()))
                .inc("v", 1), COLLECTION);
    }

    /** Graph answered the create with an error: this call created nothing (earlier unresolved ones stay listed). */
    void rejected(String deliveryId) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(deliveryId).and("state").is(State.CALLING.name())),
                new Update().set("state", State.REJECTED.name()).inc("v", 1), COLLECTION);
    }

    /**
     * Records a retraction before anything is deleted (upsert: a create still to come for this attempt is then
     * refused by {@link #calling}), with its cleanup due at {@code leaseUntil} in case this instance dies first.
     */
    Attempt retracted(String deliveryId, int attempt, String pageId, Document retraction, Instant leaseUntil) {
        Document doc = mongo.findAndModify(Query.query(Criteria.where("_id").is(deliveryId)), new Update()
                        .set("retraction", retraction.append("attempt", attempt)).setOnInsert("pageId", pageId)
                        .setOnInsert("attempt", attempt).setOnInsert("calls", 0).setOnInsert("unresolved", List.of())
                        .set("cleanup", new Document("nextAt", Date.from(leaseUntil)).append("held", true)
                                .append("since", Date.from(clock.instant())).append("count", 0))
                        .inc("v", 1),
                FindAndModifyOptions.options().returnNew(true).upsert(true), Document.class, COLLECTION);
        return attempt(doc);
    }

    /** Posts deleted on the Page for this delivery (kept for the record). */
    void deleted(String deliveryId, Collection<String> postIds) {
        if (!postIds.isEmpty()) {
            mongo.updateFirst(Query.query(Criteria.where("_id").is(deliveryId)),
                    new Update().addToSet("deleted").each(postIds.toArray()).inc("v", 1), COLLECTION);
        }
    }

    /** The cleanup has more to do at {@code nextAt} (a post not visible yet, a throttled Page...). */
    void cleanupLater(String deliveryId, Instant nextAt, String why, boolean failed) {
        Update update = new Update().set("cleanup.nextAt", Date.from(nextAt)).set("cleanup.held", false)
                .set("cleanup.why", why).inc("cleanup.count", 1);
        if (failed) {
            update.inc("cleanup.failures", 1);
        } else {
            update.set("cleanup.failures", 0);
        }
        mongo.updateFirst(Query.query(Criteria.where("_id").is(deliveryId).and("cleanup").exists(true)), update,
                COLLECTION);
    }

    void cleanupDone(String deliveryId) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(deliveryId)), new Update().unset("cleanup")
                .set("cleanedAt", Date.from(clock.instant())), COLLECTION);
    }

    /** Cleanups due now, claimed (compare-and-set on their due time) until {@code leaseUntil}. */
    List<Attempt> claimDueCleanups(Instant now, Instant leaseUntil, int max) {
        List<Document> due = mongo.find(Query.query(Criteria.where("cleanup.nextAt").lte(Date.from(now)))
                .with(Sort.by("cleanup.nextAt")).limit(max), Document.class, COLLECTION);
        return due.stream().filter(doc -> mongo.updateFirst(Query.query(Criteria.where("_id").is(doc.getString("_id"))
                                .and("cleanup.nextAt").is(doc.get("cleanup", Document.class).getDate("nextAt"))),
                        new Update().set("cleanup.nextAt", Date.from(leaseUntil)).set("cleanup.held", true), COLLECTION)
                .getModifiedCount() == 1).map(PostAttempts::attempt).toList();
    }

    /** Pushes the lease of cleanups still queued in this instance (a campaign's retraction queues thousands). */
    void renewCleanups(Collection<String> deliveryIds, Instant leaseUntil) {
        ManyIds.updateMulti(mongo, COLLECTION, deliveryIds, Criteria.where("cleanup.held").is(true),
                new Update().set("cleanup.nextAt", Date.from(leaseUntil)));
    }

    int calls(String deliveryId) {
        return find(deliveryId).map(Attempt::calls).orElse(0);
    }

    private static Attempt attempt(Document doc) {
        List<Instant> unresolved = doc.getList("unresolved", Document.class, List.of()).stream()
                .map(u -> u.getDate("at").toInstant()).toList();
        Document retraction = doc.get("retraction", Document.class);
        String state = doc.getString("state");
        return new Attempt(doc.getString("_id"), doc.getString("pageId"), doc.getInteger("attempt", 1),
                state == null ? null : State.valueOf(state), doc.getInteger("calls", 0),
                doc.get("v") instanceof Number n ? n.longValue() : 0L, instant(doc.getDate("lastCallAt")),
                doc.getString("postId"), instant(doc.getDate("postedAt")), unresolved,
                retraction == null ? null : retraction.getInteger("attempt"), retraction,
                doc.get("cleanup", Document.class), doc.getList("deleted", String.class, List.of()));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
