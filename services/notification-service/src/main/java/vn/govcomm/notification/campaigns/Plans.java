package vn.govcomm.notification.campaigns;

import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The campaigns' plans ({@value #COLLECTION}) and their rounds ({@value #ROUNDS}).
 * <p>
 * A CampaignScheduled replaces the plan only if its version is newer and the campaign is not cancelled (an upsert
 * guarded by {@code version} and {@code status}: a stale one fails on the {@code _id}); then the rounds are brought
 * in line with it in one bulk command: each planned round is inserted if missing (PENDING, due at its time) and,
 * while still PENDING, takes the new plan's kind and offset; PENDING rounds the new plan no longer has are SKIPPED
 * ({@code PLAN_CHANGED}). Rounds already sent or skipped stay as they are (a round is identified by its day, so a
 * new version with the same deadline does not remind twice). Replaying the same version re-applies the same rounds.
 * <p>
 * A cancellation marks the plan CANCELLED for good and its rounds not yet done CANCELLED.
 */
@Component
public class Plans {

    public static final String COLLECTION = "notification_campaigns";
    public static final String ROUNDS = "notification_rounds";
    static final String CANCELLED = "CANCELLED";

    private final MongoTemplate mongo;

    Plans(MongoTemplate mongo) {
        this.mongo = mongo;
        // MongoDB: the scheduler's claim and a campaign's rounds.
        mongo.indexOps(ROUNDS).createIndex(new Index().on("state", Sort.Direction.ASC).on("nextAt", Sort.Direction.ASC).named("due"));
        mongo.indexOps(ROUNDS).createIndex(new Index().on("campaignId", Sort.Direction.ASC).on("dueAt", Sort.Direction.ASC)
                .named("campaign"));
    }

    /** What CampaignScheduled says. */
    record Scheduled(String campaignId, int version, String code, String title, String issuingAgencyId,
                     Map<String, List<String>> targets, Instant deadline, List<Integer> offsetsDays,
                     List<String> observers, Instant occurredAt) {
    }

    /** @return true when this version is (now) the plan */
    boolean schedule(Scheduled s, Instant now) {
        List<Schedule.PlannedRound> rounds = Schedule.rounds(s.campaignId(), s.deadline(), s.offsetsDays());
        List<Document> targets = new ArrayList<>();
        s.targets().forEach((agency, channels) -> targets.add(new Document("agencyId", agency).append("channels", channels)));
        List<Document> roundDocs = rounds.stream().map(r -> new Document("roundId", r.roundId())
                .append("dueAt", Date.from(r.dueAt())).append("offsetDays", r.offsetDays()).append("kind", r.kind().name())).toList();
        Update update = new Update().set("version", s.version()).set("code", s.code()).set("title", s.title())
                .set("issuingAgencyId", s.issuingAgencyId()).set("status", "SCHEDULED").set("targets", targets)
                .set("deadline", Date.from(s.deadline())).set("offsetsDays", s.offsetsDays()).set("observers", s.observers())
                .set("rounds", roundDocs).set("scheduledAt", Date.from(s.occurredAt())).set("updatedAt", Date.from(now))
                .addToSet("addressees").each(s.targets().keySet().toArray());
        Query newer = Query.query(Criteria.where("_id").is(s.campaignId()).and("version").lt(s.version())
                .and("status").ne(CANCELLED));
        try {
            mongo.upsert(newer, update, COLLECTION);
        } catch (DuplicateKeyException notNewer) {
            Plan stored = find(s.campaignId());
            if (stored == null || stored.cancelled() || stored.version() != s.version()) {
                return false; // older than the plan, or cancelled
            }
            // the same version again (a redelivery): make sure its rounds exist (a crash may have come between)
        }
        ensureRounds(s.campaignId(), s.version(), rounds, now);
        return true;
    }

    private void ensureRounds(String campaignId, int version, List<Schedule.PlannedRound> rounds, Instant now) {
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.ORDERED, ROUNDS);
        for (Schedule.PlannedRound r : rounds) {
            bulk.upsert(Query.query(Criteria.where("_id").is(r.roundId())), new Update()
                    .setOnInsert("campaignId", campaignId).setOnInsert("dueAt", Date.from(r.dueAt()))
                    .setOnInsert("offsetDays", r.offsetDays()).setOnInsert("kind", r.kind().name())
                    .setOnInsert("planVersion", version).setOnInsert("state", "PENDING")
                    .setOnInsert("nextAt", Date.from(r.dueAt())).setOnInsert("createdAt", Date.from(now)));
            bulk.updateOne(Query.query(Criteria.where("_id").is(r.roundId()).and("state").is("PENDING")), new Update()
                    .set("dueAt", Date.from(r.dueAt())).set("offsetDays", r.offsetDays()).set("kind", r.kind().name())
                    .set("planVersion", version).set("nextAt", Date.from(r.dueAt())));
        }
        bulk.updateMulti(Query.query(Criteria.where("campaignId").is(campaignId).and("state").is("PENDING")
                        .and("_id").nin(rounds.stream().map(Schedule.PlannedRound::roundId).toList())),
                new Update().set("state", "SKIPPED").set("reason", "PLAN_CHANGED").set("finishedAt", Date.from(now))
                        .unset("nextAt"));
        bulk.execute();
    }

    /** The campaign was cancelled: no round of it will be sent any more. */
    void cancel(String campaignId, String code, String title, String issuingAgencyId, Instant now) {
        Update update = news(code, title, issuingAgencyId).set("status", CANCELLED).set("cancelledAt", Date.from(now));
        mongo.upsert(Query.query(Criteria.where("_id").is(campaignId)), update, COLLECTION);
        mongo.updateMulti(Query.query(Criteria.where("campaignId").is(campaignId).and("state").in("PENDING", "CLAIMED")),
                new Update().set("state", CANCELLED).set("reason", "CAMPAIGN_CANCELLED").set("finishedAt", Date.from(now))
                        .unset("nextAt").unset("owner"), ROUNDS);
    }

    /** Keeps what a transition says (the plan of a scheduled version stays); returns the campaign as now known. */
    Plan noteTransition(String campaignId, String code, String title, String issuingAgencyId) {
        Document doc = mongo.findAndModify(Query.query(Criteria.where("_id").is(campaignId)), news(code, title, issuingAgencyId),
                FindAndModifyOptions.options().upsert(true).returnNew(true), Document.class, COLLECTION);
        return plan(doc);
    }

    private static Update news(String code, String title, String issuingAgencyId) {
        Update update = new Update().setOnInsert("version", 0);
        if (code != null) {
            update.set("code", code);
        }
        if (title != null) {
            update.set("title", title);
        }
        if (issuingAgencyId != null) {
            update.set("issuingAgencyId", issuingAgencyId);
        }
        return update;
    }

    /** A campaign's rounds by due time, as stored (state, reason, counts): what was sent, skipped, and why. */
    public List<Document> rounds(String campaignId) {
        return mongo.find(Query.query(Criteria.where("campaignId").is(campaignId)).with(Sort.by("dueAt")), Document.class, ROUNDS);
    }

    public Plan find(String campaignId) {
        return plan(mongo.findById(campaignId, Document.class, COLLECTION));
    }

    @SuppressWarnings("unchecked")
    static Plan plan(Document doc) {
        if (doc == null) {
            return null;
        }
        Map<String, List<String>> targets = new LinkedHashMap<>();
        for (Document t : doc.getList("targets", Document.class, List.of())) {
            targets.put(t.getString("agencyId"), List.copyOf((List<String>) t.get("channels", List.class)));
        }
        List<Schedule.PlannedRound> rounds = new ArrayList<>();
        for (Document r : doc.getList("rounds", Document.class, List.of())) {
            rounds.add(new Schedule.PlannedRound(r.getString("roundId"), r.getDate("dueAt").toInstant(),
                    r.getInteger("offsetDays"), Schedule.RoundKind.valueOf(r.getString("kind"))));
        }
        Date deadline = doc.getDate("deadline");
        return new Plan(doc.getString("_id"), doc.getInteger("version", 0), doc.getString("code"), doc.getString("title"),
                doc.getString("issuingAgencyId"), CANCELLED.equals(doc.getString("status")), targets,
                deadline == null ? null : deadline.toInstant(), doc.getList("observers", String.class, List.of()),
                rounds, doc.getList("addressees", String.class, List.of()));
    }
}
