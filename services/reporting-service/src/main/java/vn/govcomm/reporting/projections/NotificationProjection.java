package vn.govcomm.reporting.projections;

import com.mongodb.client.result.UpdateResult;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import vn.govcomm.contracts.events.NotificationSent;
import vn.govcomm.kit.events.PoisonEventException;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import static vn.govcomm.reporting.projections.ReadModels.AGENCY_COUNTS;

/**
 * The reminders and escalations a target agency was sent (notification.events, NotificationSent), kept in its
 * per-agency document ({@value ReadModels#AGENCY_COUNTS}) under {@code notifications.<notificationId>}, so the
 * compliance grid and the follow-up report read them with the counts they read anyway.
 *
 * <p>One upsert by {@code _id} per event and idempotent by construction, whatever the order: the notification id is
 * the notification service's dedupe key (campaign, kind, due time, agency), so a duplicate event writes the same
 * entry; {@code sentAt} is the earliest SENT ({@code $min}); each failure is its own field keyed by its time, so a
 * failure redelivered changes nothing and a failure followed by a successful retry counts as sent.
 */
@Component
public class NotificationProjection {

    private final MongoTemplate mongo;

    NotificationProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public void onNotificationSent(NotificationSent sent, Instant at) {
        String notificationId = sent.notificationId();
        String campaignId = sent.campaignId();
        String recipient = sent.recipientAgencyId();
        if (notificationId == null || campaignId == null || recipient == null) {
            throw new PoisonEventException("NotificationSent without notificationId, campaignId or recipientAgencyId");
        }
        if (sent.kind() == null || sent.outcome() == null) {
            throw new PoisonEventException("NotificationSent " + notificationId + " without kind or outcome");
        }
        if (!reminds(sent.kind())) {
            return; // approval news for the issuing agency, observers' copies: not reported here
        }
        // A merged or renamed agency's reminders are its successor's history too.
        String agencyId = Successions.successorOf(mongo, recipient);
        String entry = "notifications." + ReadModels.fieldKey(notificationId);
        Update update = new Update().set(entry + ".kind", sent.kind().name())
                .setOnInsert("campaignId", campaignId).setOnInsert("agencyId", agencyId);
        // Fixed by the notification id (the same in every event of it).
        if (sent.dueAt() != null) {
            update.set(entry + ".dueAt", sent.dueAt());
        }
        if (sent.transport() != null) {
            update.set(entry + ".transport", sent.transport().wireName());
        }
        switch (sent.outcome()) {
            case SENT -> update.min(entry + ".sentAt", Date.from(at));
            case FAILED -> update.set(entry + ".failures." + at.toEpochMilli(), sent.reason() == null ? "" : sent.reason());
        }
        UpdateResult result = mongo.upsert(Query.query(Criteria.where("_id").is(ReadModels.agencyKey(campaignId, agencyId))),
                update, AGENCY_COUNTS);
        if (result.getUpsertedId() != null) {
            // Reminded before its plan or deliveries were projected (topics are not ordered with each other).
            CampaignAgencies.add(mongo, campaignId, List.of(agencyId));
        }
    }

    /** Addressed to a target agency about its own compliance (the reports show these). */
    static boolean reminds(NotificationSent.Kind kind) {
        return kind == NotificationSent.Kind.REMINDER || kind == NotificationSent.Kind.ESCALATION;
    }
}
