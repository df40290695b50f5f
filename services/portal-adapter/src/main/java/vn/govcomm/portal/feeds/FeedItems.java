package vn.govcomm.portal.feeds;

import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.contracts.events.Priority;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@value #COLLECTION} collection: one document per delivery, single-document writes only. */
@Component
public class FeedItems {

    static final String COLLECTION = "feed_items";
    static final String URGENT = "urgent";
    static final String GENERAL = "general";

    private final MongoTemplate mongo;

    FeedItems(MongoTemplate mongo) {
        this.mongo = mongo;
        mongo.indexOps(COLLECTION).createIndex(new Index().on("portalId", Sort.Direction.ASC)
                .on("updatedAt", Sort.Direction.DESC));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("campaignId", Sort.Direction.ASC));
    }

    /** Puts (or puts back) the delivery into its portal's feed; a new attempt un-retracts and must be fetched again. */
    FeedItem upsert(DeliveryRequested request, Instant now) {
        Document saved = mongo.findAndModify(Query.query(Criteria.where("_id").is(request.deliveryId())),
                upsertOf(request, now), FindAndModifyOptions.options().upsert(true).returnNew(true),
                Document.class, COLLECTION);
        return FeedItem.from(saved);
    }

    /**
     * {@link #upsert} for the deliveries of a batch, with one unordered bulk write; returns each delivery's feed
     * entry id (what the status report names).
     */
    Map<String, String> upsertAll(List<DeliveryRequested> requests, Instant now) {
        Map<String, String> entryIds = new LinkedHashMap<>();
        if (requests.isEmpty()) {
            return entryIds;
        }
        BulkOperations writes = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION);
        for (DeliveryRequested request : requests) {
            writes.upsert(Query.query(Criteria.where("_id").is(request.deliveryId())), upsertOf(request, now));
            entryIds.put(request.deliveryId(), entryId(request));
        }
        writes.execute();
        return entryIds;
    }

    private static String entryId(DeliveryRequested request) {
        return FeedItem.entryId(request.campaignId(), request.noticeVersion(), request.endpointId());
    }

    private static Update upsertOf(DeliveryRequested request, Instant now) {
        Document set = new Document("entryId", entryId(request))
                .append("portalId", request.externalId())
                .append("agencyId", request.agencyId())
                .append("campaignId", request.campaignId())
                .append("endpointId", request.endpointId())
                .append("noticeVersion", request.noticeVersion())
                .append("attempt", request.attempt())
                .append("title", request.content().title())
                .append("html", request.content().html())
                .append("text", request.content().text())
                .append("summary", request.content().summary())
                .append("category", request.priority() == Priority.URGENT ? URGENT : GENERAL)
                .append("tombstone", false)
                .append("updatedAt", Date.from(now));
        Document update = new Document("$set", set)
                .append("$setOnInsert", new Document("publishedAt", Date.from(now)))
                .append("$unset", new Document("deletedAt", "").append("retractReason", ""));
        return Update.fromDocument(update);
    }

    /** Marks the item retracted; empty if there is no such item. */
    Optional<FeedItem> tombstone(String deliveryId, String reason, Instant now) {
        Document saved = mongo.findAndModify(Query.query(Criteria.where("_id").is(deliveryId)),
                new Update().set("tombstone", true).set("deletedAt", Date.from(now)).set("retractReason", reason)
                        .set("updatedAt", Date.from(now)),
                FindAndModifyOptions.options().returnNew(true), Document.class, COLLECTION);
        return Optional.ofNullable(saved).map(FeedItem::from);
    }

    public Optional<FeedItem> find(String deliveryId) {
        return Optional.ofNullable(mongo.findById(deliveryId, Document.class, COLLECTION)).map(FeedItem::from);
    }

    /** The newest entries of a feed, tombstones included, in a deterministic order (so a strong ETag holds). */
    List<FeedItem> list(FeedSelector selector, int limit) {
        Criteria criteria = Criteria.where("portalId").is(selector.portalId());
        if (selector.agencyId() != null) {
            criteria = criteria.and("agencyId").is(selector.agencyId());
        }
        if (selector.category() != null) {
            criteria = criteria.and("category").is(selector.category());
        }
        Query query = Query.query(criteria)
                .with(Sort.by(Sort.Order.desc("updatedAt"), Sort.Order.asc("_id"))).limit(limit);
        query.fields().exclude("push");
        return mongo.find(query, Document.class, COLLECTION).stream().map(FeedItem::from).toList();
    }

    /** Records that the portal received this attempt of the item in a 200; true only the first time. */
    boolean markFetched(FeedItem item, Instant now) {
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(item.deliveryId())
                        .and("attempt").is(item.attempt()).and("tombstone").is(false)
                        .and("fetchedAttempt").ne(item.attempt())),
                new Update().set("fetchedAttempt", item.attempt()).set("fetchedAt", Date.from(now)),
                COLLECTION).getModifiedCount() > 0;
    }

    List<FeedItem> current(String campaignId) {
        Query query = Query.query(Criteria.where("campaignId").is(campaignId).and("tombstone").is(false))
                .with(Sort.by("portalId", "_id"));
        return mongo.find(query, Document.class, COLLECTION).stream().map(FeedItem::from).toList();
    }
}
