package vn.govcomm.notification.notifications;

import com.mongodb.bulk.BulkWriteError;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import vn.govcomm.kit.events.OutgoingEvent;
import vn.govcomm.kit.outbox.OutboxRelay;
import vn.govcomm.kit.outbox.OutboxWriter;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The notifications collection: queueing (insert-first on the deterministic id), claiming the next one due with a
 * lease, recording outcomes with their NotificationSent event (outbox, one single-document write), and the reads of
 * the API.
 */
@Component
public class Notifications {

    public static final String COLLECTION = "notifications";
    static final List<String> WAITING = List.of(Notification.State.QUEUED.name(), Notification.State.RETRYING.name(),
            Notification.State.SENDING.name());
    static final List<String> ROUND_KINDS = List.of(Notification.Kind.REMINDER.name(), Notification.Kind.ESCALATION.name(),
            Notification.Kind.OBSERVER_COPY.name());
    private static final int DUPLICATE_KEY = 11000;
    private static final int MAX_LIST = 2000;

    private final MongoTemplate mongo;
    private final OutboxWriter outbox;
    private final OutboxRelay relay;
    private final Letters letters;
    private final AtomicLong waiting = new AtomicLong();
    private final ApplicationEventPublisher publisher;

    /** Published after notifications were queued: the scheduler wakes up and sends them. */
    public record Queued(int count) {
    }

    Notifications(MongoTemplate mongo, OutboxWriter outbox, OutboxRelay notificationOutbox, Letters letters,
                  MeterRegistry meters, ApplicationEventPublisher publisher) {
        this.mongo = mongo;
        this.publisher = publisher;
        this.outbox = outbox;
        this.relay = notificationOutbox;
        this.letters = letters;
        // MongoDB: the sender's claim, the campaign's and the agency's lists.
        mongo.indexOps(COLLECTION).createIndex(new Index().on("state", Sort.Direction.ASC).on("nextAt", Sort.Direction.ASC)
                .named("due"));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("campaignId", Sort.Direction.ASC).on("dueAt", Sort.Direction.ASC)
                .named("campaign"));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("recipientAgencyId", Sort.Direction.ASC)
                .on("dueAt", Sort.Direction.ASC).named("recipient"));
        Gauge.builder("govcomm.notifications.waiting", waiting, AtomicLong::get)
                .description("Notifications queued, being sent or waiting for the SMTP relay (refreshed every tick)")
                .strongReference(true).register(meters);
    }

    /**
     * Gives each draft its deterministic id and subject and inserts the new ones (one unordered bulk insert; those
     * already there, from an earlier run of the same round or delivery of the same event, stay as they are).
     *
     * @return the ids of the drafts, new or not
     */
    public List<String> queue(List<Notification> drafts, Instant now) {
        if (drafts.isEmpty()) {
            return List.of();
        }
        for (Notification draft : drafts) {
            draft.queued(NotificationIds.of(draft), letters.subject(draft), now);
        }
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, Notification.class, COLLECTION);
        bulk.insert(drafts);
        try {
            bulk.execute();
        } catch (BulkOperationException e) {
            for (BulkWriteError error : e.getErrors()) {
                if (error.getCode() != DUPLICATE_KEY) {
                    throw e;
                }
            }
        } catch (DuplicateKeyException already) {
            // queued before
        }
        publisher.publishEvent(new Queued(drafts.size()));
        return drafts.stream().map(Notification::id).toList();
    }

    /**
     * Claims the notification due first (queued, waiting for a retry, or being sent by an instance whose lease ran
     * out) and marks it SENDING before anything is sent: one findAndModify, so two instances never claim the same.
     */
    Notification claimNext(Instant now, Duration lease, String owner) {
        Query due = Query.query(Criteria.where("state").in(WAITING).and("nextAt").lte(Date.from(now)))
                .with(Sort.by("nextAt"));
        Update claim = new Update().set("state", Notification.State.SENDING.name()).set("nextAt", Date.from(now.plus(lease)))
                .set("owner", owner).inc("attempts", 1).inc("version", 1);
        return mongo.findAndModify(due, claim, FindAndModifyOptions.options().returnNew(true), Notification.class, COLLECTION);
    }

    /**
     * Writes the notification (which carries its next version) and its events in one update, if nobody changed it
     * since {@code expectedVersion}; the relay is nudged to publish at once.
     */
    void record(Notification n, long expectedVersion, List<OutgoingEvent> events) {
        outbox.update(n, expectedVersion, COLLECTION, events);
        if (!events.isEmpty()) {
            relay.nudge(n.id());
        }
    }

    /** The campaign was cancelled: its reminders not yet sent never will be (those being sent finish). */
    public long cancelPending(String campaignId, Instant now) {
        Query pending = Query.query(Criteria.where("campaignId").is(campaignId)
                .and("state").in(Notification.State.QUEUED.name(), Notification.State.RETRYING.name())
                .and("kind").in(ROUND_KINDS));
        Update cancel = new Update().set("state", Notification.State.CANCELLED.name())
                .set("reason", "Chiến dịch đã bị hủy / the campaign was cancelled").set("completedAt", Date.from(now))
                .unset("nextAt").inc("version", 1);
        return mongo.updateMulti(pending, cancel, COLLECTION).getModifiedCount();
    }

    public List<Notification> ofCampaign(String campaignId, String recipientAgencyId) {
        Criteria criteria = Criteria.where("campaignId").is(campaignId);
        if (recipientAgencyId != null) {
            criteria = criteria.and("recipientAgencyId").is(recipientAgencyId)
                    .and("audience").ne(Notification.Audience.OBSERVER.name());
        }
        return mongo.find(Query.query(criteria).with(Sort.by("dueAt", "_id")).limit(MAX_LIST), Notification.class, COLLECTION);
    }

    /** What one agency was sent (observers' copies are not the agency's), by due time, within [from, to). */
    public List<Notification> ofAgency(String agencyId, Instant from, Instant to) {
        Criteria criteria = Criteria.where("recipientAgencyId").is(agencyId).and("audience").ne(Notification.Audience.OBSERVER.name());
        if (from != null || to != null) {
            Criteria due = criteria.and("dueAt");
            if (from != null) {
                due.gte(Date.from(from));
            }
            if (to != null) {
                due.lt(Date.from(to));
            }
        }
        return mongo.find(Query.query(criteria).with(Sort.by("dueAt", "_id")).limit(MAX_LIST), Notification.class, COLLECTION);
    }

    public Notification find(String notificationId) {
        return mongo.findById(notificationId, Notification.class, COLLECTION);
    }

    /** Refreshes {@code govcomm.notifications.waiting}. */
    public void countWaiting() {
        waiting.set(mongo.count(Query.query(Criteria.where("state").in(WAITING)), COLLECTION));
    }
}
