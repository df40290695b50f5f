package vn.govcomm.notification.rounds;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import vn.govcomm.notification.campaigns.Plans;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Claiming and finishing rounds ({@value Plans#ROUNDS}). A due round (PENDING, or CLAIMED by an instance whose
 * lease ran out) is claimed with one findAndModify that stamps a fresh claim token and the lease's end as
 * {@code nextAt}; only the holder of that token can finish it ({@code (_id, owner, state)} compare-and-set). So two
 * instances never work on the same round at once, and a round whose instance died is taken over when its lease
 * ends, without waiting for anybody.
 */
@Component
class Rounds {

    static final String PENDING = "PENDING";
    static final String CLAIMED = "CLAIMED";

    private final MongoTemplate mongo;
    private final AtomicLong pending = new AtomicLong();

    Rounds(MongoTemplate mongo, MeterRegistry meters) {
        this.mongo = mongo;
        Gauge.builder("govcomm.notifications.rounds.pending", pending, AtomicLong::get)
                .description("Reminder rounds whose due time has passed and that are not done yet (refreshed every tick)")
                .strongReference(true).register(meters);
    }

    /** A claimed round. */
    record Claimed(String roundId, String campaignId, Instant dueAt, String token, int claims) {
    }

    Claimed claimDue(Instant now, Duration lease, String token) {
        Query due = Query.query(Criteria.where("state").in(PENDING, CLAIMED).and("nextAt").lte(Date.from(now)))
                .with(Sort.by("nextAt"));
        Update claim = new Update().set("state", CLAIMED).set("owner", token).set("nextAt", Date.from(now.plus(lease)))
                .set("claimedAt", Date.from(now)).inc("claims", 1);
        Document round = mongo.findAndModify(due, claim, FindAndModifyOptions.options().returnNew(true), Document.class,
                Plans.ROUNDS);
        return round == null ? null : new Claimed(round.getString("_id"), round.getString("campaignId"),
                round.getDate("dueAt").toInstant(), token, round.getInteger("claims", 1));
    }

    /** Ends a claimed round; false when the claim was lost (lease ended and taken over, or the campaign cancelled). */
    boolean finish(Claimed round, String state, String reason, int nonCompliant, List<String> notificationIds, Instant now) {
        Update done = new Update().set("state", state).set("finishedAt", Date.from(now)).unset("nextAt").unset("owner");
        if (reason != null) {
            done.set("reason", reason);
        }
        if (notificationIds != null) {
            done.set("nonCompliant", nonCompliant).set("notificationIds", notificationIds);
        }
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(round.roundId()).and("owner").is(round.token())
                .and("state").is(CLAIMED)), done, Plans.ROUNDS).getModifiedCount() == 1;
    }

    /** Refreshes {@code govcomm.notifications.rounds.pending}. */
    void countPending(Instant now) {
        pending.set(mongo.count(Query.query(Criteria.where("state").in(PENDING, CLAIMED).and("dueAt").lte(Date.from(now))),
                Plans.ROUNDS));
    }
}
