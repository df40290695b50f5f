package vn.govcomm.zalo.articles;

import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.store.ManyIds;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;

/**
 * The store side of the article plan ({@code zalo} field of the kit's delivery document): who may run it (a lease:
 * {@code zalo.owner} + {@code zalo.leaseUntil}, taken by compare-and-set, renewed while the run lasts, left to expire
 * when the worker dies), when it next needs a run ({@code zalo.dueAt}: set before any run starts and kept until the
 * run ends, so a run a kill interrupts is found again once its lease expires), and wake-ups that arrive while
 * another worker holds it ({@code zalo.wakes}: the holder's release is conditioned on it, so none is lost).
 * Every write of a run is fenced by the owner: a worker whose lease was taken over cannot change the plan.
 */
final class PlanStore {

    static final String COLLECTION = AdapterDeliveries.COLLECTION;

    private final MongoTemplate mongo;
    private final String owner;
    private final Clock clock;
    private final Duration lease;

    PlanStore(MongoTemplate mongo, String owner, Clock clock, Duration lease) {
        this.mongo = mongo;
        this.owner = owner;
        this.clock = clock;
        this.lease = lease;
        // The sweeper's range query; the fenced compare-and-sets below pin _id, so they need no index of their own.
        mongo.indexOps(COLLECTION).createIndex(new Index().on("zalo.dueAt", Sort.Direction.ASC).sparse()
                .named("zalo_due"));
        // The orphan scan (recordedWithoutPlan): DISPATCHED deliveries not touched since before a cutoff.
        mongo.indexOps(COLLECTION).createIndex(new Index().on("status", Sort.Direction.ASC).on("updatedAt", Sort.Direction.ASC)
                .named("status_updated"));
        // The stranded-plan scan's $or (stranded): every branch pins zalo.phase ($in), the second also status ($in), so
        // each branch is an index range. (Not sparse: a compound sparse index keeps every document with a status.)
        mongo.indexOps(COLLECTION).createIndex(new Index().on("zalo.phase", Sort.Direction.ASC).on("status", Sort.Direction.ASC)
                .named("zalo_phase_status"));
    }

    String owner() {
        return owner;
    }

    Document read(String id) {
        return mongo.findById(id, Document.class, COLLECTION);
    }

    /** Takes the plan's lease if it is free or expired (or already ours: a run of this process that threw). */
    boolean claim(String id, Document plan) {
        String holder = plan.getString("owner");
        Date until = plan.getDate("leaseUntil");
        Instant now = clock.instant();
        if (holder != null && !holder.equals(owner) && until != null && until.toInstant().isAfter(now)) {
            return false;
        }
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("zalo.owner").is(holder)
                        .and("zalo.leaseUntil").is(until)),
                new Update().set("zalo.owner", owner).set("zalo.leaseUntil", Date.from(now.plus(lease))),
                COLLECTION).getModifiedCount() == 1;
    }

    /** The lease's end if taken or renewed now. */
    Date leaseEnd() {
        return Date.from(clock.instant().plus(lease));
    }

    /** A change of the plan by the lease holder (renews the lease); false when the lease is no longer ours. */
    boolean move(String id, Update update) {
        Instant now = clock.instant();
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("zalo.owner").is(owner)),
                update.set("zalo.leaseUntil", Date.from(now.plus(lease))).set("updatedAt", Date.from(now)),
                COLLECTION).getModifiedCount() == 1;
    }

    /** {@link #move}, only while the plan has no {@code field} yet (false also when it has one). */
    boolean moveIfAbsent(String id, String field, Update update) {
        Instant now = clock.instant();
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("zalo.owner").is(owner)
                        .and(field).exists(false)),
                update.set("zalo.leaseUntil", Date.from(now.plus(lease))).set("updatedAt", Date.from(now)),
                COLLECTION).getModifiedCount() == 1;
    }

    /**
     * Ends a run: frees the lease and sets the next due time (null: nothing left to do), unless someone woke the
     * plan since {@code wakes} was read (then false: the caller runs again).
     */
    boolean release(String id, Object wakes, Instant dueAt) {
        return release(id, wakes, dueAt, new Update());
    }

    /** As above, with the run's last change of the plan made in the same write (one write instead of two). */
    boolean release(String id, Object wakes, Instant dueAt, Update last) {
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(id).andOperator(releaseFence(wakes))),
                releasing(last, dueAt), COLLECTION).getModifiedCount() == 1;
    }

    /** What a release writes: {@code last}, the lease freed, the next due time (null: nothing left to do). */
    Update releasing(Update last, Instant dueAt) {
        Update update = last.unset("zalo.owner").unset("zalo.leaseUntil").set("updatedAt", Date.from(clock.instant()));
        if (dueAt == null) {
            update.unset("zalo.dueAt");
        } else {
            update.set("zalo.dueAt", Date.from(dueAt));
        }
        return update;
    }

    /**
     * The condition of a release: the lease is still ours and nobody woke the plan since {@code wakes} was read
     * (for a release made in another write, e.g. with a status report).
     */
    Criteria releaseFence(Object wakes) {
        return Criteria.where("zalo.owner").is(owner).and("zalo.wakes").is(wakes);
    }

    /** Asks for a run now (durably: whoever holds the plan runs it again before letting it go). */
    boolean wake(String id, int planAttempt, Update more) {
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("zalo.attempt").is(planAttempt)),
                more.set("zalo.dueAt", Date.from(clock.instant())).inc("zalo.wakes", 1), COLLECTION)
                .getModifiedCount() == 1;
    }

    /**
     * Writes a new plan unless another was written since {@code previousAttempt} (null: no plan) was read, or the
     * delivery left the statuses a plan starts from (retracted before its plan was written: nothing was created).
     */
    boolean insertPlan(String id, int attempt, Integer previousAttempt, Document plan) {
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("attempt").is(attempt)
                        .and("zalo.attempt").is(previousAttempt).and("status").in("DISPATCHED", "RETRYING")),
                new Update().set("zalo", plan).set("updatedAt", Date.from(clock.instant())), COLLECTION)
                .getModifiedCount() == 1;
    }

    /**
     * Keeps the leases of the runs this process has in progress: one write per {@link ManyIds#PER_COMMAND} of them
     * (a campaign queues thousands here; each command stays small and short on the store).
     */
    void renew(Collection<String> ids) {
        ManyIds.updateMulti(mongo, COLLECTION, ids, Criteria.where("zalo.owner").is(owner),
                new Update().set("zalo.leaseUntil", Date.from(clock.instant().plus(lease))));
    }

    /** Plans due now whose lease is free or expired, earliest first. */
    List<String> due(int limit) {
        Date now = Date.from(clock.instant());
        Query query = Query.query(Criteria.where("zalo.dueAt").lte(now).orOperator(
                        Criteria.where("zalo.owner").is(null), Criteria.where("zalo.leaseUntil").lt(now)))
                .with(Sort.by("zalo.dueAt")).limit(limit);
        query.fields().include("_id");
        return mongo.find(query, Document.class, COLLECTION).stream().map(d -> d.getString("_id")).toList();
    }

    /**
     * Recorded by the dispatcher (a new delivery, or an officer's re-send: a new attempt) and left DISPATCHED for
     * longer than {@code grace} without a plan of that attempt: a kill came between the two, and the request record
     * may never come again. (A planned delivery leaves DISPATCHED, or at least touches {@code updatedAt}, at once.)
     */
    List<Document> recordedWithoutPlan(Duration grace, int limit) {
        Query query = Query.query(Criteria.where("status").is("DISPATCHED")
                .and("updatedAt").lt(Date.from(clock.instant().minus(grace)))).limit(limit);
        return mongo.find(query, Document.class, COLLECTION).stream().filter(doc -> {
            Document plan = doc.get("zalo", Document.class);
            return plan == null || plan.getInteger("attempt", 0) != doc.getInteger("attempt", 1);
        }).toList();
    }

    /**
     * Plans nothing will run again by itself: unfinished without a due time (written by the previous version of
     * the workflow, which kept its timers in memory), or finished while the status still tells less than the plan
     * proves (a kill between a step's record and its status report, in that version).
     */
    List<String> stranded(Collection<String> activePhases, Collection<String> finalPhases, int limit) {
        Query query = Query.query(new Criteria().orOperator(
                Criteria.where("zalo.phase").in(activePhases).and("zalo.dueAt").exists(false),
                Criteria.where("zalo.phase").in(finalPhases).and("zalo.dueAt").exists(false)
                        .and("status").in("DISPATCHED", "RETRYING", "ACCEPTED"),
                Criteria.where("zalo.phase").in(finalPhases).and("zalo.dueAt").exists(false)
                        .and("zalo.retracted").exists(true).and("zalo.takenBack").exists(false))).limit(limit);
        query.fields().include("_id");
        return mongo.find(query, Document.class, COLLECTION).stream().map(d -> d.getString("_id")).toList();
    }

    /** Sets a due time on a plan that has none (see {@link #stranded}). */
    void dueNow(String id) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("zalo.dueAt").exists(false)),
                new Update().set("zalo.dueAt", Date.from(clock.instant())), COLLECTION);
    }
}
