package vn.govcomm.campaign.campaigns;

import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import vn.govcomm.campaign.directory.Agency;
import vn.govcomm.kit.web.ApiProblem;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The campaigns not yet approved (DRAFT, SUBMITTED, REJECTED) that target a succeeded agency by its id: they target
 * its successor instead. An approved campaign is left alone: what went out is the publisher's, which re-addresses the
 * open deliveries itself when the predecessor's AgencyChanged names the successor.
 */
@Component
public class CampaignSuccession {

    /** Not approved (a REJECTED campaign is an officer's draft again: resubmitting it would fail on the inactive target). */
    static final Set<CampaignStatus> OPEN = EnumSet.of(CampaignStatus.DRAFT, CampaignStatus.SUBMITTED,
            CampaignStatus.REJECTED);
    /** A campaign edited meanwhile is read again and retried; this many passes, then the caller repeats the request. */
    static final int PASSES = 3;

    private final MongoTemplate mongo;
    private final Clock clock = Clock.systemUTC();

    CampaignSuccession(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** A campaign that was (or, in a dry run, would be) re-targeted; {@code missingChannels}: to review before approval. */
    public record Retargeted(String id, String code, String issuingAgencyId, String status, List<String> missingChannels) {
    }

    /**
     * Re-targets the open campaigns from {@code from} to {@code successor}: per campaign one update of its targets with a
     * decision "retargeted" (its audit trail), the version increased (an officer's stale ETag then answers 412), guarded
     * by the version and status it was read at; all in one bulk write per pass. {@code dryRun}: only what would move.
     */
    public List<Retargeted> retarget(String from, Agency successor, String actor, String actorName, boolean dryRun) {
        Map<String, Retargeted> moved = new LinkedHashMap<>();
        for (int pass = 0; pass < PASSES; pass++) {
            List<Campaign> found = mongo.find(Query.query(Criteria.where("targets.agencyId").is(from)
                    .and("status").in(OPEN)), Campaign.class, CampaignManagement.COLLECTION);
            if (found.isEmpty()) {
                return List.copyOf(moved.values());
            }
            BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, Campaign.class,
                    CampaignManagement.COLLECTION);
            Instant now = clock.instant();
            for (Campaign c : found) {
                List<Campaign.Target> targets = TargetSuccession.retarget(c.getTargets(), from, successor.agencyId());
                moved.put(c.getId(), new Retargeted(c.getId(), c.getCode(), c.getIssuingAgencyId(), c.getStatus().name(),
                        TargetSuccession.missingChannels(targets, successor)));
                bulk.updateOne(Query.query(Criteria.where("_id").is(c.getId()).and("version").is(c.getVersion())
                                .and("status").is(c.getStatus())),
                        new Update().set("targets", targets).set("version", c.getVersion() + 1).set("updatedAt", now)
                                .push("decisions", new Campaign.Decision("retargeted", actor, actorName,
                                        "agency " + from + " succeeded by " + successor.agencyId(), List.of(), now)));
            }
            if (dryRun || bulk.execute().getMatchedCount() == found.size()) {
                return List.copyOf(moved.values());
            }
        }
        throw new ApiProblem(HttpStatus.CONFLICT, "concurrent-change",
                "Các chiến dịch nhắm tới " + from + " liên tục bị sửa; hãy gửi lại yêu cầu để hoàn tất. / Campaigns "
                        + "targeting " + from + " kept changing meanwhile; send the request again to finish.");
    }
}
