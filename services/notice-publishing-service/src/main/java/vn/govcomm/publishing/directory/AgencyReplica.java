package vn.govcomm.publishing.directory;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.contracts.events.AgencyChanged;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.directory.ProvinceScope;
import vn.govcomm.kit.directory.SuccessorChains;
import vn.govcomm.kit.events.IncomingEvent;
import vn.govcomm.kit.events.PoisonEventException;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Date;
import java.util.List;

/**
 * This service's copy of the agency directory (from directory.agencies snapshots, the contracts' {@link AgencyChanged}
 * stored as the record writes it: endpoints, successor with its kind and date, {@code provinceId} / {@code national}),
 * so the fan-out reads endpoints locally and reads are authorised province by province ({@link #reads}). Newer
 * snapshots win; older or duplicate ones are ignored.
 */
@Component
public class AgencyReplica {

    static final String COLLECTION = "agencies";

    private final MongoTemplate mongo;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final ProvinceScope provinces;

    AgencyReplica(MongoTemplate mongo, JsonMapper json, ApplicationEventPublisher events,
                  @Value(ProvinceScope.HOME_PROVINCE) String homeProvince) {
        this.mongo = mongo;
        this.json = json;
        this.events = events;
        this.provinces = new ProvinceScope(mongo, COLLECTION, homeProvince);
    }

    /**
     * Whether {@code caller} reads what belongs to {@code agencyId}: its own users with a platform role, admins, and
     * viewers of a province-wide agency of the same province (the national tier for a national one); an agency this
     * replica does not hold is of the home province (kit {@link ProvinceScope}, the campaign service's rule).
     */
    public boolean reads(Caller caller, String agencyId) {
        return provinces.reads(caller, agencyId);
    }

    /**
     * A snapshot said that {@code predecessorId} was merged into, or renamed to, {@code successorId} (published in the
     * listener's thread after the snapshot is stored, at every delivery of it: whoever acts on it must be idempotent;
     * a failure makes the snapshot come again).
     */
    /** {@code kind}: {@code MERGED}, {@code RENAMED}, or null in snapshots published before the kind existed. */
    public record Succeeded(String predecessorId, String successorId, String kind) {
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
        String successorId = agency.successorId();
        if (successorId != null && !successorId.equals(agencyId)) {
            Query current = Query.query(Criteria.where("_id").is(agencyId));
            current.fields().include("successorId");
            Document stored = mongo.findOne(current, Document.class, COLLECTION);
            if (stored != null && successorId.equals(stored.getString("successorId"))) {
                events.publishEvent(new Succeeded(agencyId, successorId,
                        agency.successionKind() == null ? null : agency.successionKind().name())); // unless a newer snapshot says otherwise
            }
        }
    }

    /** An agency as the replica holds it (endpoints and all), or null. */
    public Document agency(String agencyId) {
        return mongo.findById(agencyId, Document.class, COLLECTION);
    }

    /**
     * The agencies among {@code agencyIds} that were merged or renamed, mapped to the last agency of their chain of
     * successors: one {@code _id $in} read, one more per further link of a chain.
     */
    public Map<String, String> successors(Collection<String> agencyIds) {
        return SuccessorChains.lastOf(agencyIds, ask -> {
            Query query = Query.query(Criteria.where("_id").in(ask).and("successorId").exists(true));
            query.fields().include("successorId");
            Map<String, String> found = new HashMap<>();
            for (Document agency : mongo.find(query, Document.class, COLLECTION)) {
                found.put(agency.getString("_id"), agency.getString("successorId"));
            }
            return found;
        });
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
        // all the fan-out needs (and _id; successorId: a merged target goes to its successor); names stay in the store
        query.fields().include("endpoints", "successorId");
        return mongo.find(query, Document.class, COLLECTION);
    }
}
