package vn.govcomm.publishing.directory;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.contracts.events.AgencyChanged;
import vn.govcomm.kit.events.IncomingEvent;
import vn.govcomm.kit.events.PoisonEventException;

import java.util.Collection;
import java.util.Date;
import java.util.List;

/**
 * This service's copy of the agency directory (from directory.agencies snapshots, the contracts' {@link AgencyChanged}
 * stored as the record writes it), so the fan-out reads endpoints locally. Newer snapshots win; older or duplicate ones
 * are ignored.
 */
@Component
public class AgencyReplica {

    static final String COLLECTION = "agencies";

    private final MongoTemplate mongo;
    private final JsonMapper json;

    AgencyReplica(MongoTemplate mongo, JsonMapper json) {
        this.mongo = mongo;
        this.json = json;
    }

    @KafkaListener(topics = EventTypes.TOPIC_AGENCY_DIRECTORY, groupId = "${govcomm.publishing.consumer-group:notice-publishing-service}.directory")
    void on(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        if (!EventTypes.AGENCY_CHANGED.equals(event.type())) {
            throw new PoisonEventException("Unexpected event type " + event.type() + " on " + record.topic());
        }
        AgencyChanged agency = event.data(json, AgencyChanged.class);
        String agencyId = agency.agencyId();
        if (agencyId == null) {
            throw new PoisonEventException("AgencyChanged " + event.id() + " has no agencyId");
        }
        Document snapshot = Document.parse(json.writeValueAsString(agency));
        snapshot.put("_id", agencyId);
        snapshot.put("snapshotAt", Date.from(event.time()));
        // Replace only if this snapshot is newer than what we hold (or we hold none).
        Query olderOrMissing = Query.query(Criteria.where("_id").is(agencyId).and("snapshotAt").lt(Date.from(event.time())));
        if (mongo.exists(Query.query(Criteria.where("_id").is(agencyId)), COLLECTION)) {
            mongo.findAndReplace(olderOrMissing, snapshot, COLLECTION);
        } else {
            try {
                mongo.insert(snapshot, COLLECTION);
            } catch (DuplicateKeyException raced) {
                mongo.findAndReplace(olderOrMissing, snapshot, COLLECTION);
            }
        }
    }

    /** One endpoint of an agency as the directory describes it now, or null. */
    public Document endpoint(String agencyId, String endpointId) {
        Document agency = mongo.findById(agencyId, Document.class, COLLECTION);
        if (agency == null) {
            return null;
        }
        return agency.getList("endpoints", Document.class, List.of()).stream()
                .filter(e -> endpointId.equals(e.getString("endpointId"))).findFirst().orElse(null);
    }

    /** Endpoints of the given agencies, read in one query (by _id: served by the primary index). */
    public List<Document> agencies(Collection<String> agencyIds) {
        Query query = Query.query(Criteria.where("_id").in(agencyIds));
        query.fields().include("endpoints"); // all the fan-out needs (and _id); names and contacts stay in the store
        return mongo.find(query, Document.class, COLLECTION);
    }
}
