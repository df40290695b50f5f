package vn.govcomm.reporting.projections;

import com.mongodb.client.result.UpdateResult;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import vn.govcomm.kit.events.PoisonEventException;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

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

    /** The kinds addressed to a target agency about its own compliance; shown in the reports. */
    static final Set<String> REMINDING = Set.of("REMINDER", "ESCALATION");
    /** The other kinds of the contract (approval news for the issuing agency, observers' copies): not reported here. */
    private static final Set<String> OTHERS = Set.of("OBSERVER_COPY", "SUBMITTED", "APPROVED", "REJECTED");

    private final MongoTemplate mongo;

    NotificationProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public void onNotificationSent(Document data, Instant at) {
        String notificationId = data.getString("notificationId");
        String campaignId = data.getString("campaignId");
        String agencyId = data.getString("recipientAgencyId");
        String kind = data.getString("kind");
        String outcome = data.getString("outcome");
        if (notificationId == null || campaignId == null || agencyId == null) {
            throw new PoisonEventException("NotificationSent without notificationId, campaignId or recipientAgencyId");
        }
        if (!"SENT".equals(outcome) && !"FAILED".equals(outcome)) {
            throw new PoisonEventException("NotificationSent " + notificationId + " with unknown outcome " + outcome);
        }
        if (OTHERS.contains(kind)) {
            return;
        }
        if (!REMINDING.contains(kind)) {
            throw new PoisonEventException("NotificationSent " + notificationId + " with unknown kind " + kind);
        }
        String entry = "notifications." + ReadModels.fieldKey(notificationId);
        Update update = new Update().set(entry + ".kind", kind)
                .setOnInsert("campaignId", campaignId).setOnInsert("agencyId", agencyId);
        // Fixed by the notification id (the same in every event of it).
        for (String field : List.of("dueAt", "transport")) {
            if (data.getString(field) != null) {
                update.set(entry + "." + field, data.getString(field));
            }
        }
        if ("SENT".equals(outcome)) {
            update.min(entry + ".sentAt", Date.from(at));
        } else {
            update.set(entry + ".failures." + at.toEpochMilli(), data.getString("reason") == null ? "" : data.getString("reason"));
        }
        UpdateResult result = mongo.upsert(Query.query(Criteria.where("_id").is(ReadModels.agencyKey(campaignId, agencyId))),
                update, AGENCY_COUNTS);
        if (result.getUpsertedId() != null) {
            // Reminded before its plan or deliveries were projected (topics are not ordered with each other).
            CampaignAgencies.add(mongo, campaignId, List.of(agencyId));
        }
    }
}
