package vn.govcomm.portal.feeds;

import vn.govcomm.kit.kafka.ConcurrentChange;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import vn.govcomm.portal.PortalProperties;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A version counter and Last-Modified per portal ({@value #COLLECTION}), bumped on every change to the portal's
 * items. Conditional GETs compare against it without reading or rendering any item: the 304 path is one map
 * lookup on this instance (re-read from MongoDB by {@code _id} at most once per {@code version-cache-ttl}).
 */
@Component
class FeedVersions {

    static final String COLLECTION = "feed_versions";

    /** @param lastModified whole seconds, strictly increasing with the version (HTTP dates have no fractions) */
    record FeedState(long version, Instant lastModified) {
        static final FeedState EMPTY = new FeedState(0, Instant.EPOCH);
    }

    private record Cached(FeedState state, long until) {
    }

    private final MongoTemplate mongo;
    private final Clock clock;
    private final long ttlNanos;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    FeedVersions(MongoTemplate mongo, Clock clock, PortalProperties properties) {
        this.mongo = mongo;
        this.clock = clock;
        this.ttlNanos = properties.versionCacheTtl().toNanos();
    }

    FeedState current(String portalId) {
        long now = System.nanoTime();
        Cached cached = cache.get(portalId);
        if (cached != null && now - cached.until() < 0) {
            return cached.state();
        }
        Document doc = mongo.findById(portalId, Document.class, COLLECTION);
        FeedState state = doc == null ? FeedState.EMPTY
                : new FeedState(doc.get("version", Number.class).longValue(), doc.getDate("lastModified").toInstant());
        remember(portalId, state);
        return state;
    }

    /** A read racing a bump must not put an older version back (unless the cached one has expired anyway). */
    private void remember(String portalId, FeedState state) {
        long now = System.nanoTime();
        cache.merge(portalId, new Cached(state, now + ttlNanos), (old, fresh) ->
                fresh.state().version() >= old.state().version() || now - old.until() >= 0 ? fresh : old);
    }

    /**
     * {@link #bump} for the portals of a batch with one read and one unordered bulk of compare-and-sets (inserts for
     * new portals). Each write carries the bump's id, so when the bulk fell short (another instance bumped a portal
     * meanwhile) a second read tells which writes went in; the others are bumped one at a time.
     */
    Map<String, FeedState> bumpAll(Collection<String> portalIds) {
        Map<String, FeedState> bumped = new HashMap<>();
        if (portalIds.isEmpty()) {
            return bumped;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String bumpId = UUID.randomUUID().toString();
        Map<String, Document> stored = read(portalIds);
        Map<String, FeedState> planned = new HashMap<>();
        BulkOperations writes = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION);
        for (String portalId : portalIds) {
            Document doc = stored.get(portalId);
            if (doc == null) {
                FeedState next = new FeedState(1, now);
                writes.insert(new Document("_id", portalId).append("version", next.version())
                        .append("lastModified", Date.from(next.lastModified())).append("bumpId", bumpId));
                planned.put(portalId, next);
            } else {
                long version = doc.get("version", Number.class).longValue();
                Instant previous = doc.getDate("lastModified").toInstant();
                FeedState next = new FeedState(version + 1, now.isAfter(previous) ? now : previous.plusSeconds(1));
                writes.updateOne(Query.query(Criteria.where("_id").is(portalId).and("version").is(version)),
                        new Update().set("version", next.version()).set("lastModified", Date.from(next.lastModified()))
                                .set("bumpId", bumpId));
                planned.put(portalId, next);
            }
        }
        Map<String, Document> after = shortfall(writes, planned.size()) ? read(portalIds) : null;
        planned.forEach((portalId, next) -> {
            Document doc = after == null ? null : after.get(portalId);
            boolean ours = after == null || doc != null && bumpId.equals(doc.getString("bumpId"))
                    && doc.get("version", Number.class).longValue() == next.version();
            FeedState state = ours ? next : bump(portalId);
            if (ours) {
                remember(portalId, state);
            }
            bumped.put(portalId, state);
        });
        return bumped;
    }

    /** Whether some write of the bulk did not go in. */
    private static boolean shortfall(BulkOperations writes, int planned) {
        try {
            var result = writes.execute();
            return result.getInsertedCount() + result.getModifiedCount() < planned;
        } catch (BulkOperationException duplicate) {
            return true;   // a portal's first version was written by another instance meanwhile
        }
    }

    private Map<String, Document> read(Collection<String> portalIds) {
        Map<String, Document> found = new HashMap<>();
        mongo.find(Query.query(Criteria.where("_id").in(portalIds)), Document.class, COLLECTION)
                .forEach(d -> found.put(d.getString("_id"), d));
        return found;
    }

    /**
     * Records a change. Last-Modified moves by at least one second per version so that a client using only
     * If-Modified-Since never misses a second change within the same second.
     */
    FeedState bump(String portalId) {
        for (int tries = 0; tries < 20; tries++) {
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            Document doc = mongo.findById(portalId, Document.class, COLLECTION);
            FeedState next;
            if (doc == null) {
                next = new FeedState(1, now);
                try {
                    mongo.insert(new Document("_id", portalId).append("version", next.version())
                            .append("lastModified", Date.from(next.lastModified())), COLLECTION);
                } catch (DuplicateKeyException e) {
                    continue;
                }
            } else {
                long version = doc.get("version", Number.class).longValue();
                Instant previous = doc.getDate("lastModified").toInstant();
                next = new FeedState(version + 1, now.isAfter(previous) ? now : previous.plusSeconds(1));
                long modified = mongo.updateFirst(Query.query(Criteria.where("_id").is(portalId).and("version").is(version)),
                        new Update().set("version", next.version()).set("lastModified", Date.from(next.lastModified())),
                        COLLECTION).getModifiedCount();
                if (modified == 0) {
                    continue;
                }
            }
            remember(portalId, next);
            return next;
        }
        throw new ConcurrentChange("Feed version of " + portalId + " kept changing; will be retried");
    }
}
