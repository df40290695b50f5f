package vn.govcomm.notification.directory;

import com.mongodb.bulk.BulkWriteError;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agencies' names and mailboxes, from directory.agencies (full snapshots, newest {@code occurredAt} wins).
 * A batch of snapshots is one bulk write of upserts guarded by {@code occurredAt}: an older snapshot matches
 * nothing and its upsert fails on the {@code _id} (duplicate key), which is the "already newer" answer.
 */
@Component
public class Directory {

    public static final String COLLECTION = "notification_agencies";
    private static final int DUPLICATE_KEY = 11000;

    private final MongoTemplate mongo;

    Directory(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** One agency snapshot as read from AgencyChanged. */
    record Snapshot(String agencyId, String name, String shortName, String contactEmail, String emailAddress,
                    boolean active, Instant occurredAt) {
    }

    /**
     * Applies the newest snapshot of each agency of a batch: one read of the stored ones ({@code _id $in}) and one
     * bulk write (inserts, and compare-and-sets on {@code (_id, occurredAt)} for the agencies whose stored snapshot
     * is older). A concurrent writer's insert shows as a duplicate key: its snapshot stays (the topic is keyed by
     * agency, so only a rebalance can race here, and the next snapshot of that agency settles it).
     */
    void apply(Collection<Snapshot> snapshots) {
        Map<String, Snapshot> newest = new LinkedHashMap<>();
        for (Snapshot s : snapshots) {
            newest.merge(s.agencyId(), s, (a, b) -> b.occurredAt().isAfter(a.occurredAt()) ? b : a);
        }
        if (newest.isEmpty()) {
            return;
        }
        Query stored = Query.query(Criteria.where("_id").in(newest.keySet()));
        stored.fields().include("occurredAt");
        Map<String, Date> storedAt = new HashMap<>();
        mongo.find(stored, Document.class, COLLECTION).forEach(doc -> storedAt.put(doc.getString("_id"), doc.getDate("occurredAt")));
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION);
        int writes = 0;
        for (Snapshot s : newest.values()) {
            Date at = Date.from(s.occurredAt());
            Document fields = new Document("name", s.name()).append("shortName", s.shortName())
                    .append("contactEmail", s.contactEmail()).append("emailAddress", s.emailAddress())
                    .append("active", s.active()).append("occurredAt", at);
            if (!storedAt.containsKey(s.agencyId())) {
                Document agency = new Document("_id", s.agencyId());
                agency.putAll(fields);
                bulk.insert(agency);
                writes++;
            } else if (storedAt.get(s.agencyId()) == null || storedAt.get(s.agencyId()).before(at)) {
                Update update = new Update();
                fields.forEach(update::set);
                bulk.updateOne(Query.query(Criteria.where("_id").is(s.agencyId()).and("occurredAt").is(storedAt.get(s.agencyId()))),
                        update);
                writes++;
            }
        }
        if (writes == 0) {
            return;
        }
        try {
            bulk.execute();
        } catch (BulkOperationException e) {
            for (BulkWriteError error : e.getErrors()) {
                if (error.getCode() != DUPLICATE_KEY) {
                    throw e;
                }
            }
        } catch (DuplicateKeyException raced) {
            // inserted meanwhile by another consumer (see above)
        }
    }

    public Agency find(String agencyId) {
        Document doc = mongo.findById(agencyId, Document.class, COLLECTION);
        return doc == null ? Agency.unknown(agencyId) : agency(doc);
    }

    /** The agencies of these ids, unknown ones included (as {@link Agency#unknown}). One query. */
    public Map<String, Agency> find(Collection<String> agencyIds) {
        Map<String, Agency> found = new LinkedHashMap<>();
        List<String> ids = agencyIds.stream().distinct().toList();
        if (!ids.isEmpty()) {
            for (Document doc : mongo.find(Query.query(Criteria.where("_id").in(ids)), Document.class, COLLECTION)) {
                found.put(doc.getString("_id"), agency(doc));
            }
        }
        Map<String, Agency> ordered = new LinkedHashMap<>();
        ids.forEach(id -> ordered.put(id, found.getOrDefault(id, Agency.unknown(id))));
        return ordered;
    }

    private static Agency agency(Document doc) {
        return new Agency(doc.getString("_id"), doc.getString("name"), doc.getString("contactEmail"),
                doc.getString("emailAddress"));
    }
}
