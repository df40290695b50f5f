package vn.govcomm.reporting.projections;

import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import vn.govcomm.kit.events.PoisonEventException;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import static vn.govcomm.reporting.projections.ReadModels.AGENCIES;
import static vn.govcomm.reporting.projections.ReadModels.CAMPAIGNS;

/**
 * Campaigns (from campaign.events) and agencies (from the compacted directory.agencies) as the reports need them.
 * Keyed upserts guarded by version / occurredAt: duplicates and older events arriving late change nothing.
 */
@Component
public class CampaignProjection {

    static final String SCHEDULED = "vn.govcomm.campaign.scheduled.v1";

    private final MongoTemplate mongo;

    CampaignProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public void onCampaignEvent(String type, Document data, Instant at) {
        String campaignId = data.getString("campaignId");
        if (campaignId == null) {
            throw new PoisonEventException("Campaign event without campaignId");
        }
        if (SCHEDULED.equals(type)) {
            Document notice = data.get("notice", Document.class);
            Integer version = data.getInteger("version");
            List<Document> targets = data.getList("targets", Document.class);
            if (notice == null || version == null || targets == null) {
                throw new PoisonEventException("CampaignScheduled " + campaignId + " without notice, version or targets");
            }
            Update update = new Update().set("code", data.getString("code"))
                    .set("title", notice.getString("title"))
                    .set("issuingAgencyId", data.getString("issuingAgencyId"))
                    .set("version", version)
                    .set("window", data.get("window"))
                    .set("publishAt", data.getString("publishAt"))
                    .set("targets", targets);
            // Only a newer version of the plan replaces the targets.
            guardedUpsert(campaignId, Criteria.where("version").lt(version), update);
            return;
        }
        String to = data.getString("toStatus");
        if (to == null) {
            throw new PoisonEventException("Campaign transition " + campaignId + " without toStatus");
        }
        Update history = new Update().set("statusHistory." + to, Date.from(at)).setOnInsert("code", data.getString("code"));
        mongo.upsert(byId(campaignId), history, CAMPAIGNS);
        Update current = new Update().set("status", to).set("statusAt", Date.from(at));
        if (data.getString("title") != null) {
            current.set("title", data.getString("title"));
        }
        guardedUpsert(campaignId, Criteria.where("statusAt").lt(Date.from(at)), current);
    }

    public void onAgencyChanged(Document data, Instant at) {
        String agencyId = data.getString("agencyId");
        if (agencyId == null || data.getString("name") == null) {
            throw new PoisonEventException("AgencyChanged without agencyId or name");
        }
        Update update = new Update().set("name", data.getString("name"))
                .set("shortName", data.getString("shortName"))
                .set("type", data.getString("type"))
                .set("parentId", data.getString("parentId"))
                .set("groups", data.getList("groups", String.class, List.of()))
                .set("active", data.getBoolean("active", true))
                .set("channels", data.getList("endpoints", Document.class, List.of()).stream()
                        .map(e -> e.getString("channel")).distinct().toList())
                .set("occurredAt", Date.from(at));
        Query guard = Query.query(Criteria.where("_id").is(agencyId).orOperator(
                Criteria.where("occurredAt").exists(false), Criteria.where("occurredAt").lt(Date.from(at))));
        try {
            mongo.upsert(guard, update, AGENCIES);
        } catch (DuplicateKeyException newerKept) {
            // a newer snapshot is stored already
        }
    }

    /** Applies {@code update} if the document is missing the guarded field or {@code newer} holds; else nothing. */
    private void guardedUpsert(String id, Criteria newer, Update update) {
        String field = newer.getKey();
        Query guard = Query.query(Criteria.where("_id").is(id).orOperator(Criteria.where(field).exists(false), newer));
        try {
            mongo.upsert(guard, update, CAMPAIGNS);
        } catch (DuplicateKeyException newerKept) {
            // the document exists with a newer value of the guarded field
        }
    }

    private static Query byId(String id) {
        return Query.query(Criteria.where("_id").is(id));
    }
}
