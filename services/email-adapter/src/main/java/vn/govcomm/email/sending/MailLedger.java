package vn.govcomm.email.sending;

import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.DeliveryRetries;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.delivery.StatusReports.DeliveryRef;

import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The mail of each delivery, kept on the kit's delivery document (field {@value #FIELD}) so that its state moves
 * together with the delivery's status. Every move is a compare-and-set on {@code mail.state} (and the attempt), which
 * is what keeps the sender, the bounce reader, the grace sweep and a retraction from overtaking each other:
 *
 * <pre>
 *  (none) ──claim──▶ SENDING ──250──▶ SENT ──grace over──▶ CONFIRMED (PUBLISHED)
 *    │                │  │               └──DSN──▶ BOUNCED (FAILED EMAIL_BOUNCED)
 *    │                │  └─5xx─▶ REJECTED (FAILED EMAIL_REJECTED)
 *    │                └─4xx/no answer─▶ WAITING ──claim──▶ SENDING …     (RETRYING, the kit's durable retry)
 *    ├─bad address─▶ INVALID (FAILED EMAIL_ADDRESS_INVALID)
 *    └─retraction before any send─▶ WITHDRAWN (CANCELLED / EXPIRED)
 * </pre>
 *
 * A SENDING mail holds a lease ({@code leaseUntil}); a mail found SENDING after its lease is one whose process died
 * between claiming and recording the relay's answer: it may or may not have been sent, and is sent again.
 */
@Component
class MailLedger {

    static final String FIELD = "mail";
    static final String SENDING = "SENDING";
    static final String SENT = "SENT";
    static final String CONFIRMED = "CONFIRMED";
    static final String BOUNCED = "BOUNCED";
    static final String WAITING = "WAITING";
    static final String REJECTED = "REJECTED";
    static final String INVALID = "INVALID";
    static final String WITHDRAWN = "WITHDRAWN";

    private static final String COLLECTION = AdapterDeliveries.COLLECTION;
    private static final List<String> SENDABLE = List.of(DeliveryStatus.DISPATCHED.name(), DeliveryStatus.RETRYING.name());

    private final MongoTemplate mongo;

    MailLedger(MongoTemplate mongo) {
        this.mongo = mongo;
        mongo.indexOps(COLLECTION).createIndex(new Index().on("mail.messageId", Sort.Direction.ASC).sparse()
                .named("mail_message_id"));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("mail.verp", Sort.Direction.ASC).sparse()
                .named("mail_verp"));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("mail.graceUntil", Sort.Direction.ASC).sparse()
                .named("mail_grace_until"));
    }

    Document read(String deliveryId) {
        return mongo.findById(deliveryId, Document.class, COLLECTION);
    }

    /** The mail of this attempt on a delivery document, or null (none yet, or an earlier attempt's). */
    static Document mailOf(Document delivery, int attempt) {
        Document mail = delivery == null ? null : delivery.get(FIELD, Document.class);
        return mail != null && mail.getInteger("attempt", 0) == attempt ? mail : null;
    }

    static DeliveryRef ref(Document delivery, int attempt) {
        return new DeliveryRef(delivery.getString("_id"), delivery.getString("campaignId"), delivery.getString("agencyId"),
                delivery.getString("endpointId"), attempt);
    }

    /** First send of an attempt: a mail record in SENDING, if the delivery still waits to be sent and has none. */
    boolean claimFirst(String deliveryId, int attempt, String messageId, String verp, String envelopeFrom,
                       Instant now, Instant leaseUntil) {
        Document mail = new Document("attempt", attempt).append("state", SENDING).append("messageId", messageId)
                .append("envelopeFrom", envelopeFrom).append("date", Date.from(now))
                .append("firstTriedAt", Date.from(now)).append("leaseUntil", Date.from(leaseUntil)).append("tries", 1);
        if (verp != null) {
            mail.append("verp", verp);
        }
        Query query = Query.query(Criteria.where("_id").is(deliveryId).and("attempt").is(attempt)
                .and("status").in(SENDABLE).and("mail.attempt").ne(attempt));
        return mongo.updateFirst(query, new Update().set(FIELD, mail), COLLECTION).getModifiedCount() == 1;
    }

    /**
     * A later send of the same mail: from WAITING (the relay could not take it), or from a SENDING whose lease ended
     * ({@code expiredLease}: the lease that was read, so two instances cannot both take it over).
     */
    boolean claimAgain(String deliveryId, int attempt, String fromState, Date expiredLease, Instant leaseUntil) {
        Criteria criteria = Criteria.where("_id").is(deliveryId).and("attempt").is(attempt).and("status").in(SENDABLE)
                .and("mail.attempt").is(attempt).and("mail.state").is(fromState).and("mail.withdrawn").exists(false);
        if (expiredLease != null) {
            criteria = criteria.and("mail.leaseUntil").is(expiredLease);
        }
        Update update = new Update().set("mail.state", SENDING).set("mail.leaseUntil", Date.from(leaseUntil))
                .inc("mail.tries", 1);
        if (expiredLease != null) {
            update.inc("mail.resends", 1);
        }
        return mongo.updateFirst(Query.query(criteria), update, COLLECTION).getModifiedCount() == 1;
    }

    /** The relay said 250: SENDING → SENT with the grace's end. False if the mail moved meanwhile (a bounce came). */
    boolean sent(String deliveryId, int attempt, Instant now, Instant graceUntil) {
        Query query = Query.query(Criteria.where("_id").is(deliveryId).and("mail.attempt").is(attempt)
                .and("mail.state").is(SENDING));
        Update update = new Update().set("mail.state", SENT).set("mail.sentAt", Date.from(now))
                .set("mail.graceUntil", Date.from(graceUntil)).unset("mail.leaseUntil")
                .unset(DeliveryRetries.FIELD); // nothing left for the kit's retries to do
        return mongo.updateFirst(query, update, COLLECTION).getModifiedCount() == 1;
    }

    /**
     * The relay could not take it (nothing was accepted as far as we know): SENDING → WAITING. Returns the delivery
     * document afterwards (its {@code mail.withdrawn} says whether a retraction came meanwhile), or null if the
     * mail had moved on.
     */
    Document waiting(String deliveryId, int attempt, String answer) {
        Query query = Query.query(Criteria.where("_id").is(deliveryId).and("mail.attempt").is(attempt)
                .and("mail.state").is(SENDING));
        return mongo.findAndModify(query, new Update().set("mail.state", WAITING).set("mail.answer", answer)
                .unset("mail.leaseUntil"), FindAndModifyOptions.options().returnNew(true), Document.class, COLLECTION);
    }

    /** Marks a retraction on the attempt's mail whatever its state; returns the document afterwards, or null. */
    Document withdraw(String deliveryId, int attempt, String expectedState, Document withdrawn) {
        Criteria criteria = Criteria.where("_id").is(deliveryId).and("attempt").is(attempt);
        Update update;
        if (expectedState == null) {
            criteria = criteria.and("mail.attempt").ne(attempt);
            update = new Update().set(FIELD, new Document("attempt", attempt).append("state", WITHDRAWN)
                    .append("withdrawn", withdrawn));
        } else {
            criteria = criteria.and("mail.attempt").is(attempt).and("mail.state").is(expectedState);
            update = new Update().set("mail.withdrawn", withdrawn);
        }
        return mongo.findAndModify(Query.query(criteria), update, FindAndModifyOptions.options().returnNew(true),
                Document.class, COLLECTION);
    }

    /** SENT → CONFIRMED once the grace is over (exclusive with {@link #bounced}). */
    boolean confirm(String deliveryId, int attempt, Instant now) {
        Query query = Query.query(Criteria.where("_id").is(deliveryId).and("mail.attempt").is(attempt)
                .and("mail.state").is(SENT));
        return mongo.updateFirst(query, new Update().set("mail.state", CONFIRMED).set("mail.confirmedAt", Date.from(now)),
                COLLECTION).getModifiedCount() == 1;
    }

    /** SENDING/WAITING/SENT → BOUNCED (exclusive with {@link #confirm}). */
    boolean bounced(String deliveryId, int attempt, String fromState, Document bounce) {
        Query query = Query.query(Criteria.where("_id").is(deliveryId).and("mail.attempt").is(attempt)
                .and("mail.state").is(fromState));
        return mongo.updateFirst(query, new Update().set("mail.state", BOUNCED).set("mail.bounce", bounce)
                .unset("mail.graceUntil").unset("mail.leaseUntil"), COLLECTION).getModifiedCount() == 1;
    }

    void endGrace(String deliveryId) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(deliveryId)), new Update().unset("mail.graceUntil"),
                COLLECTION);
    }

    /** Mails whose grace ended by {@code now}, oldest first. */
    List<Document> graceOver(Instant now, int limit) {
        return mongo.find(Query.query(Criteria.where("mail.graceUntil").lte(Date.from(now)))
                .with(Sort.by("mail.graceUntil")).limit(limit), Document.class, COLLECTION);
    }

    long inGrace() {
        return mongo.count(Query.query(Criteria.where("mail.graceUntil").exists(true)), COLLECTION);
    }

    Document findByMessageId(String messageId) {
        return mongo.findOne(Query.query(Criteria.where("mail.messageId").is(messageId)), Document.class, COLLECTION);
    }

    Document findByVerp(String token) {
        return mongo.findOne(Query.query(Criteria.where("mail.verp").is(token)), Document.class, COLLECTION);
    }
}
