package vn.govcomm.campaign.templates;

import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import vn.govcomm.campaign.campaigns.Campaign;
import vn.govcomm.campaign.campaigns.CampaignRequest;
import vn.govcomm.campaign.campaigns.TargetSuccession;
import vn.govcomm.campaign.directory.Agency;
import vn.govcomm.kit.web.ApiProblem;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Templates (recurring ones included: their future drafts are made from them) that target a succeeded agency by its
 * id: they target its successor instead, by the campaigns' rule ({@link TargetSuccession}).
 */
@Component
public class TemplateSuccession {

    /** A template edited meanwhile is read again and retried; this many passes, then the caller repeats the request. */
    static final int PASSES = 3;

    private final MongoTemplate mongo;
    private final Clock clock = Clock.systemUTC();

    TemplateSuccession(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** A template that was (or would be) re-targeted; {@code missingChannels}: what the successor cannot receive. */
    public record Retargeted(String id, String name, String agencyId, List<String> missingChannels) {
    }

    /**
     * Re-targets the templates from {@code from} to {@code successor}: per template one update (targets, version, who
     * and when) guarded by the version it was read at, in one bulk write per pass. {@code dryRun}: only what would move.
     */
    public List<Retargeted> retarget(String from, Agency successor, String actor, boolean dryRun) {
        Map<String, Retargeted> moved = new LinkedHashMap<>();
        for (int pass = 0; pass < PASSES; pass++) {
            List<Template> found = mongo.find(Query.query(Criteria.where("targets.agencyId").is(from)), Template.class,
                    TemplateManagement.COLLECTION);
            if (found.isEmpty()) {
                return List.copyOf(moved.values());
            }
            BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, Template.class,
                    TemplateManagement.COLLECTION);
            Instant now = clock.instant();
            for (Template t : found) {
                List<Campaign.Target> targets = TargetSuccession.retarget(t.targets().stream()
                        .map(r -> new Campaign.Target(r.agencyId(), r.group(), r.descendantsOf(), r.channels(),
                                r.province())).toList(),
                        from, successor.agencyId());
                moved.put(t.id(), new Retargeted(t.id(), t.name(), t.agencyId(),
                        TargetSuccession.missingChannels(targets, successor)));
                bulk.updateOne(Query.query(Criteria.where("_id").is(t.id()).and("version").is(t.version())),
                        new Update().set("targets", targets.stream().map(c -> new CampaignRequest.TargetRequest(
                                        c.agencyId(), c.group(), c.descendantsOf(), c.channels(), c.province())).toList())
                                .set("version", t.version() + 1).set("updatedBy", actor).set("updatedAt", now));
            }
            if (dryRun || bulk.execute().getMatchedCount() == found.size()) {
                return List.copyOf(moved.values());
            }
        }
        throw new ApiProblem(HttpStatus.CONFLICT, "concurrent-change",
                "Các mẫu nhắm tới " + from + " liên tục bị sửa; hãy gửi lại yêu cầu để hoàn tất. / Templates targeting "
                        + from + " kept changing meanwhile; send the request again to finish.");
    }
}
