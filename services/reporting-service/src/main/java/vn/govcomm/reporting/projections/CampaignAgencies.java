package vn.govcomm.reporting.projections;

import org.bson.Document;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static vn.govcomm.reporting.projections.ReadModels.AGENCY_COUNTS;
import static vn.govcomm.reporting.projections.ReadModels.CAMPAIGN_AGENCIES;

/**
 * A campaign's agency index ({@value ReadModels#CAMPAIGN_AGENCIES}) and its per-agency documents
 * ({@value ReadModels#AGENCY_COUNTS}), read by id only: the bucket documents with one {@code _id $in}, the
 * agency documents with {@code _id $in} in chunks. No query filters on {@code campaignId}, so the embedded store
 * (which serves only exact-field look-ups) never scans and MongoDB uses its {@code _id} index.
 */
public final class CampaignAgencies {

    /**
     * Ids per {@code _id $in} query. The embedded store looks each id up in its index but then matches every
     * document found against the whole list, so one query of n ids costs n²: 10,000 documents take ~55 ms in
     * chunks of 200, ~110 ms in chunks of 1,000, and chunks of 25 cost more in round trips (measured).
     */
    public static final int CHUNK = 200;

    private CampaignAgencies() {
    }

    /** Adds agencies to the campaign's index (set semantics: repeating it changes nothing). */
    static void add(MongoTemplate mongo, String campaignId, Collection<String> agencyIds) {
        add(mongo, Map.of(campaignId, agencyIds));
    }

    /** Adds agencies to their campaigns' indexes: one bulk, one {@code $addToSet} per bucket touched. */
    static void add(MongoTemplate mongo, Map<String, ? extends Collection<String>> agenciesByCampaign) {
        Map<String, List<String>> byBucket = new LinkedHashMap<>();
        Map<String, String> campaignOf = new HashMap<>();
        agenciesByCampaign.forEach((campaignId, agencyIds) -> agencyIds.forEach(a -> {
            String bucket = ReadModels.bucketId(campaignId, a);
            byBucket.computeIfAbsent(bucket, b -> new ArrayList<>()).add(a);
            campaignOf.put(bucket, campaignId);
        }));
        if (byBucket.isEmpty()) {
            return;
        }
        BulkOperations buckets = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, CAMPAIGN_AGENCIES);
        byBucket.forEach((bucket, ids) -> buckets.upsert(Query.query(Criteria.where("_id").is(bucket)),
                new Update().setOnInsert("campaignId", campaignOf.get(bucket)).addToSet("ids").each(ids.toArray())));
        buckets.execute();
    }

    /** Every agency of the campaign, sorted by id. */
    public static List<String> ids(MongoTemplate mongo, String campaignId) {
        TreeSet<String> ids = new TreeSet<>();
        Query query = Query.query(Criteria.where("_id").in(ReadModels.bucketIds(campaignId)));
        query.fields().include("ids");
        for (Document bucket : mongo.find(query, Document.class, CAMPAIGN_AGENCIES)) {
            ids.addAll(bucket.getList("ids", String.class, List.of()));
        }
        return new ArrayList<>(ids);
    }

    /** The per-agency documents of these agencies, in the given order (missing ones left out). */
    public static List<Document> documents(MongoTemplate mongo, String campaignId, List<String> agencyIds, String... fields) {
        Map<String, Document> byId = byIds(mongo, AGENCY_COUNTS,
                agencyIds.stream().map(a -> ReadModels.agencyKey(campaignId, a)).toList(), fields);
        List<Document> ordered = new ArrayList<>();
        for (String agencyId : agencyIds) {
            Document d = byId.get(ReadModels.agencyKey(campaignId, agencyId));
            if (d != null) {
                ordered.add(d);
            }
        }
        return ordered;
    }

    /** Documents of a collection by id, {@code _id $in} in chunks of {@link #CHUNK}; fields all when none given. */
    public static Map<String, Document> byIds(MongoTemplate mongo, String collection, List<String> ids, String... fields) {
        Map<String, Document> byId = new HashMap<>();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            Query query = Query.query(Criteria.where("_id").in(ids.subList(from, Math.min(ids.size(), from + CHUNK))));
            if (fields.length > 0) {
                query.fields().include(fields);
            }
            query.cursorBatchSize(CHUNK); // the whole chunk in the first reply: no getMore round trip
            mongo.find(query, Document.class, collection).forEach(d -> byId.put(d.getString("_id"), d));
        }
        return byId;
    }
}
