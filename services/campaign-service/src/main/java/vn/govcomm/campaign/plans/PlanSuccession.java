package vn.govcomm.campaign.plans;

import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import vn.govcomm.kit.web.ApiProblem;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plan tasks whose lead or co-ordinating agency was succeeded (merged or renamed): the successor takes its place. The
 * plan's issuing agency is not changed (the plan was issued by it, as the legal basis says).
 */
@Component
public class PlanSuccession {

    /** A plan edited meanwhile is read again and retried; this many passes, then the caller repeats the request. */
    static final int PASSES = 3;

    private final MongoTemplate mongo;
    private final Clock clock = Clock.systemUTC();

    PlanSuccession(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** A task that names (or would name) the successor instead; {@code role}: {@code lead} or {@code coordinating}. */
    public record MovedTask(String planId, String taskId, int number, String role) {
    }

    /**
     * Puts {@code to} in the place of {@code from} in every task of every plan (lead, co-ordinating; an agency listed
     * twice, or both leading and co-ordinating, is listed once, as the lead): per plan one update of its tasks, version,
     * who and when, guarded by the version it was read at, in one bulk write per pass. {@code dryRun}: only what would
     * move.
     */
    public List<MovedTask> succeed(String from, String to, String actor, boolean dryRun) {
        Map<String, MovedTask> moved = new LinkedHashMap<>();
        for (int pass = 0; pass < PASSES; pass++) {
            List<Plan> found = mongo.find(Query.query(new Criteria().orOperator(Criteria.where("tasks.leadAgencyId").is(from),
                    Criteria.where("tasks.coordinatingAgencyIds").is(from))), Plan.class, PlanManagement.COLLECTION);
            if (found.isEmpty()) {
                return List.copyOf(moved.values());
            }
            BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, Plan.class, PlanManagement.COLLECTION);
            Instant now = clock.instant();
            for (Plan plan : found) {
                List<Plan.PlanTask> tasks = new ArrayList<>();
                for (Plan.PlanTask t : plan.tasks()) {
                    if (!t.involves(from)) {
                        tasks.add(t);
                        continue;
                    }
                    String lead = from.equals(t.leadAgencyId()) ? to : t.leadAgencyId();
                    Set<String> coordinating = new LinkedHashSet<>();
                    for (String id : t.coordinatingAgencyIds()) {
                        coordinating.add(from.equals(id) ? to : id);
                    }
                    if (lead != null) {
                        coordinating.remove(lead);
                    }
                    tasks.add(new Plan.PlanTask(t.id(), t.number(), t.title(), t.expectedProducts(), t.schedule(), lead,
                            t.leadAgencyName(), List.copyOf(coordinating), t.coordinatingAgencyNames(), t.assignment(),
                            t.channels(), t.funding()));
                    moved.put(t.id(), new MovedTask(plan.id(), t.id(), t.number(),
                            from.equals(t.leadAgencyId()) ? "lead" : "coordinating"));
                }
                bulk.updateOne(Query.query(Criteria.where("_id").is(plan.id()).and("version").is(plan.version())),
                        new Update().set("tasks", tasks).set("version", plan.version() + 1).set("updatedBy", actor)
                                .set("updatedAt", now));
            }
            if (dryRun || bulk.execute().getMatchedCount() == found.size()) {
                return List.copyOf(moved.values());
            }
        }
        throw new ApiProblem(HttpStatus.CONFLICT, "concurrent-change",
                "Các kế hoạch có " + from + " liên tục bị sửa; hãy gửi lại yêu cầu để hoàn tất. / Plans naming " + from
                        + " kept changing meanwhile; send the request again to finish.");
    }
}
