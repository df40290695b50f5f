package vn.govcomm.reporting.projections;

import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import vn.govcomm.contracts.events.AgencyChanged;
import vn.govcomm.kit.directory.SuccessorChains;
import vn.govcomm.kit.kafka.ConcurrentChange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static vn.govcomm.reporting.projections.ReadModels.AGENCIES;
import static vn.govcomm.reporting.projections.ReadModels.AGENCY_COUNTS;
import static vn.govcomm.reporting.projections.ReadModels.CAMPAIGN_AGENCIES;
import static vn.govcomm.reporting.projections.ReadModels.DELIVERIES;

/**
 * Compliance history follows the successor of a merged or renamed agency ({@link AgencyChanged#successorId()}):
 * per campaign where the predecessor has a per-agency document, its plan fields and reminders are merged into the
 * successor's document, its rows are attributed to the successor (each keeping {@code formerAgencyId}, the agency it
 * was first attributed to), the campaign is rebuilt from its rows ({@link DeliveryProjection#rebuild}: the counters
 * move with the rows, safely while live batches write) and the predecessor's document leaves the campaign.
 *
 * <p>Every step is idempotent, so a crash midway is finished by the redelivered snapshot; the agency document's
 * {@code successionApplied} (set last) makes a replay of a finished succession write nothing. The mapping stays on
 * the agency document ({@code successorId}): events arriving later for the predecessor (statuses of deliveries it
 * was sent, reminders, a plan naming it) are attributed to the successor when they are projected ({@link #resolve}).
 */
@Component
public class Successions {

    static final String APPLIED = "successionApplied";

    private final MongoTemplate mongo;
    private final DeliveryProjection deliveries;

    Successions(MongoTemplate mongo, DeliveryProjection deliveries) {
        this.mongo = mongo;
        this.deliveries = deliveries;
        // MongoDB: a succession finds the predecessor's campaigns through its per-agency documents.
        mongo.indexOps(AGENCY_COUNTS).createIndex(new Index().on("agencyId", Sort.Direction.ASC).named("agency_campaigns"));
    }

    /**
     * The agencies among {@code agencyIds} that have a successor, mapped to the last agency of their chain: one
     * {@code _id $in} read of the directory, one more per further link of a chain.
     */
    static Map<String, String> resolve(MongoTemplate mongo, Collection<String> agencyIds) {
        return SuccessorChains.lastOf(agencyIds, ask -> {
            Map<String, String> found = new HashMap<>();
            CampaignAgencies.byIds(mongo, AGENCIES, List.copyOf(ask), "successorId").values()
                    .forEach(agency -> found.put(agency.getString("_id"), agency.getString("successorId")));
            return found;
        });
    }

    /** One agency's successor at the end of its chain, or the agency itself. */
    public static String successorOf(MongoTemplate mongo, String agencyId) {
        return resolve(mongo, List.of(agencyId)).getOrDefault(agencyId, agencyId);
    }

    /**
     * Moves the predecessor's history to its successor when the stored snapshot (already projected, newest wins)
     * names one; nothing when the stored snapshot is newer and names another, or the same succession was finished.
     */
    public void follow(AgencyChanged agency, Instant at) {
        String predecessor = agency.agencyId();
        String named = agency.successorId();
        if (named == null || named.equals(predecessor)) {
            return;
        }
        Document stored = mongo.findById(predecessor, Document.class, AGENCIES);
        if (stored == null || !named.equals(stored.getString("successorId")) || named.equals(stored.getString(APPLIED))) {
            return; // a newer snapshot says otherwise, or this succession is done (a replay)
        }
        String successor = successorOf(mongo, named);
        if (successor.equals(predecessor)) {
            return; // a cycle in the directory: leave the history where it is
        }
        Query campaigns = Query.query(Criteria.where("agencyId").is(predecessor));
        campaigns.fields().include("campaignId");
        for (Document perAgency : mongo.find(campaigns, Document.class, AGENCY_COUNTS)) {
            move(perAgency.getString("campaignId"), predecessor, successor);
        }
        mongo.updateFirst(Query.query(Criteria.where("_id").is(predecessor).and("successorId").is(named)),
                new Update().set(APPLIED, named), AGENCIES);
    }

    private void move(String campaignId, String predecessor, String successor) {
        Document former = mongo.findById(ReadModels.agencyKey(campaignId, predecessor), Document.class, AGENCY_COUNTS);
        if (former == null) {
            return; // moved already (a redelivery after a crash)
        }
        // 1. The plan and the reminders: set semantics, so writing them again changes nothing.
        Update merge = new Update().setOnInsert("campaignId", campaignId).setOnInsert("agencyId", successor)
                .addToSet("formerAgencyIds", predecessor);
        List<String> required = former.getList("required", String.class);
        if (required != null) {
            merge.addToSet("required").each(required.toArray());
        }
        if (former.getInteger("planIndex") != null) {
            merge.min("planIndex", former.getInteger("planIndex"));
        }
        former.get("notifications", new Document()).forEach((key, value) -> merge.set("notifications." + key, value));
        mongo.upsert(Query.query(Criteria.where("_id").is(ReadModels.agencyKey(campaignId, successor))), merge, AGENCY_COUNTS);
        CampaignAgencies.add(mongo, campaignId, List.of(successor));
        // 2. The rows (the campaign_rows index): the first move names where a row came from, a later one keeps it.
        mongo.updateMulti(Query.query(Criteria.where("campaignId").is(campaignId).and("agencyId").is(predecessor)
                        .and("formerAgencyId").exists(false)),
                new Update().set("agencyId", successor).set("formerAgencyId", predecessor), DELIVERIES);
        mongo.updateMulti(Query.query(Criteria.where("campaignId").is(campaignId).and("agencyId").is(predecessor)),
                new Update().set("agencyId", successor), DELIVERIES);
        // 3. The counters from the rows (waits for batches in flight; their row writes compare agencyId too).
        if (deliveries.rebuild(campaignId, deliveries.clock().instant().minus(deliveries.healAfter()),
                DeliveryProjection.RECOUNT_TRIES) == null) {
            throw new ConcurrentChange("Campaign " + campaignId + " stayed busy while " + predecessor
                    + " moved to " + successor + "; will be retried");
        }
        // 4. Last, the predecessor leaves the campaign (until then a redelivery finds it and redoes the above).
        mongo.updateFirst(Query.query(Criteria.where("_id").is(ReadModels.bucketId(campaignId, predecessor))),
                new Update().pull("ids", predecessor), CAMPAIGN_AGENCIES);
        mongo.remove(Query.query(Criteria.where("_id").is(ReadModels.agencyKey(campaignId, predecessor))), AGENCY_COUNTS);
    }

    /** Agencies as a plan names them, attributed to their successors (channels of merged targets united). */
    static List<Map.Entry<String, List<String>>> attribute(MongoTemplate mongo, List<Map.Entry<String, List<String>>> targets) {
        Map<String, String> successors = resolve(mongo, targets.stream().map(Map.Entry::getKey).toList());
        if (successors.isEmpty()) {
            return targets;
        }
        Map<String, LinkedHashSet<String>> united = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> target : targets) {
            united.computeIfAbsent(successors.getOrDefault(target.getKey(), target.getKey()), a -> new LinkedHashSet<>())
                    .addAll(target.getValue());
        }
        List<Map.Entry<String, List<String>>> attributed = new ArrayList<>();
        united.forEach((agencyId, channels) -> attributed.add(Map.entry(agencyId, List.copyOf(channels))));
        return attributed;
    }
}
