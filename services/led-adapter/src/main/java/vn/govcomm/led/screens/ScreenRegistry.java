package vn.govcomm.led.screens;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.Channels;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.contracts.events.AgencyChanged;
import vn.govcomm.kit.directory.AgencySnapshot;
import vn.govcomm.identity.Caller;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The screens this adapter knows ({@value #COLLECTION}): their size and site from the agency directory
 * ({@code directory.agencies} snapshots, the contracts' {@link AgencyChanged}; newer wins), and what the devices last told us (heartbeat, playlist
 * version, current item). One document per screen; every change is a single-document write. Each snapshot's tenancy
 * (province / national) also goes to {@link AgencyTenancy}, which decides whose screens a caller reads.
 */
@Component
public class ScreenRegistry {

    static final String COLLECTION = "screens";

    private final MongoTemplate mongo;
    private final ScreenProperties properties;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final AgencyTenancy tenancy;
    private final Clock clock;

    ScreenRegistry(MongoTemplate mongo, ScreenProperties properties, ApplicationEventPublisher events, JsonMapper json,
                   AgencyTenancy tenancy) {
        this.mongo = mongo;
        this.properties = properties;
        this.events = events;
        this.json = json;
        this.tenancy = tenancy;
        this.clock = Clock.systemUTC();
        // the offline rule's scan (ONLINE screens silent since before a threshold) and the OFFLINE count (its prefix)
        mongo.indexOps(COLLECTION).createIndex(new Index().on("status", Sort.Direction.ASC)
                .on("lastHeartbeatAt", Sort.Direction.ASC).named("status_heartbeat"));
    }

    @KafkaListener(topics = EventTypes.TOPIC_AGENCY_DIRECTORY, groupId = "led-adapter.directory")
    void on(ConsumerRecord<String, byte[]> record) {
        AgencySnapshot snapshot = AgencySnapshot.of(record, json);
        AgencyChanged agency = snapshot.agency();
        tenancy.record(agency, snapshot.time());
        for (AgencyChanged.Endpoint endpoint : agency.endpoints() == null ? List.<AgencyChanged.Endpoint>of()
                : agency.endpoints()) {
            if (endpoint != null && Channels.LED.equals(endpoint.channel()) && endpoint.externalId() != null) {
                register(agency.agencyId(), endpoint, Date.from(snapshot.time()));
            }
        }
    }

    /** Keyed upsert guarded by the snapshot time, so an older or duplicate snapshot never wins. */
    private void register(String agencyId, AgencyChanged.Endpoint endpoint, Date snapshotAt) {
        AgencyChanged.Screen screen = endpoint.screen();
        Update update = new Update().set("agencyId", agencyId)
                .set("endpointId", endpoint.endpointId())
                .set("displayName", endpoint.displayName())
                .set("directoryAt", snapshotAt)
                .setOnInsert("status", ScreenStatus.UNKNOWN.name());
        if (screen != null) {
            update.set("lines", screen.lines()).set("charsPerLine", screen.charsPerLine())
                    .set("widthPx", screen.widthPx()).set("heightPx", screen.heightPx())
                    .set("site", screen.site());
        }
        Query olderOrNever = Query.query(Criteria.where("_id").is(endpoint.externalId())
                .orOperator(Criteria.where("directoryAt").exists(false), Criteria.where("directoryAt").lt(snapshotAt)));
        try {
            mongo.upsert(olderOrNever, update, COLLECTION);
        } catch (DuplicateKeyException newerAlreadyStored) {
            // The screen exists with a newer snapshot: nothing to do.
        }
    }

    /** The screen's size, from the directory or the configured defaults. */
    public ScreenSize size(String screenId) {
        Document doc = mongo.findById(screenId, Document.class, COLLECTION);
        if (doc == null) {
            return ScreenSize.of(null, null, null, null, properties);
        }
        return ScreenSize.of(doc.getInteger("lines"), doc.getInteger("charsPerLine"), doc.getInteger("widthPx"),
                doc.getInteger("heightPx"), properties);
    }

    /** What the batch intake needs of a screen: its size (directory or defaults) and its status. */
    public record Screen(ScreenSize size, ScreenStatus status) {
    }

    /**
     * {@link #size} and {@link #status} of the screens of a batch with one read by {@code _id}. Not a cache fed by
     * the directory topic: the status is written by heartbeats and the health check (on any instance), which that
     * topic does not carry; one read per batch is a small share of a delivery anyway.
     */
    public Map<String, Screen> lookUp(Collection<String> screenIds) {
        Map<String, Screen> found = new HashMap<>();
        if (!screenIds.isEmpty()) {
            Query query = Query.query(Criteria.where("_id").in(screenIds));
            query.fields().include("lines", "charsPerLine", "widthPx", "heightPx", "status");
            mongo.find(query, Document.class, COLLECTION).forEach(doc -> found.put(doc.getString("_id"), new Screen(
                    ScreenSize.of(doc.getInteger("lines"), doc.getInteger("charsPerLine"), doc.getInteger("widthPx"),
                            doc.getInteger("heightPx"), properties),
                    doc.getString("status") == null ? ScreenStatus.UNKNOWN : ScreenStatus.valueOf(doc.getString("status")))));
        }
        for (String id : screenIds) {
            found.computeIfAbsent(id, unknown -> new Screen(ScreenSize.of(null, null, null, null, properties),
                    ScreenStatus.UNKNOWN));
        }
        return found;
    }

    /** The agency whose directory entry lists the screen; empty for a screen the directory does not know. */
    public Optional<String> agencyOf(String screenId) {
        Query query = Query.query(Criteria.where("_id").is(screenId));
        query.fields().include("agencyId");
        Document doc = mongo.findOne(query, Document.class, COLLECTION);
        return Optional.ofNullable(doc == null ? null : doc.getString("agencyId"));
    }

    public ScreenStatus status(String screenId) {
        Document doc = mongo.findById(screenId, Document.class, COLLECTION);
        return doc == null || doc.getString("status") == null ? ScreenStatus.UNKNOWN
                : ScreenStatus.valueOf(doc.getString("status"));
    }

    /** A heartbeat: the screen is ONLINE; if it was OFFLINE, {@link ScreenCameBack} is published. */
    public void heartbeat(String screenId, String playlistVersion, String currentItem, Long uptimeSec) {
        Update update = new Update().set("lastHeartbeatAt", Date.from(clock.instant()))
                .set("status", ScreenStatus.ONLINE.name())
                .set("playlistVersion", playlistVersion).set("currentItem", currentItem).set("uptimeSec", uptimeSec)
                .unset("offlineSince");
        Document before = mongo.findAndModify(Query.query(Criteria.where("_id").is(screenId)), update,
                FindAndModifyOptions.options().upsert(true).returnNew(false), Document.class, COLLECTION);
        if (before != null && ScreenStatus.OFFLINE.name().equals(before.getString("status"))) {
            events.publishEvent(new ScreenCameBack(screenId));
        }
    }

    /** A playlist poll (not a sign of life for the offline rule: only heartbeats are). */
    public void polled(String screenId, String servedVersion) {
        mongo.upsert(Query.query(Criteria.where("_id").is(screenId)), new Update()
                .set("lastPollAt", Date.from(clock.instant())).set("servedVersion", servedVersion)
                .setOnInsert("status", ScreenStatus.UNKNOWN.name()), COLLECTION);
    }

    /** Screens ONLINE whose last heartbeat is older than the threshold become OFFLINE (compare-and-set each). */
    List<Document> markSilentScreensOffline(Date threshold) {
        List<Document> silent = mongo.find(Query.query(Criteria.where("status").is(ScreenStatus.ONLINE.name())
                .and("lastHeartbeatAt").lt(threshold)), Document.class, COLLECTION);
        List<Document> flipped = new ArrayList<>();
        for (Document screen : silent) {
            Document before = mongo.findAndModify(Query.query(Criteria.where("_id").is(screen.getString("_id"))
                            .and("status").is(ScreenStatus.ONLINE.name()).and("lastHeartbeatAt").lt(threshold)),
                    new Update().set("status", ScreenStatus.OFFLINE.name()).set("offlineSince", Date.from(clock.instant())),
                    FindAndModifyOptions.options().returnNew(false), Document.class, COLLECTION);
            if (before != null) {
                flipped.add(before);
            }
        }
        return flipped;
    }

    long countOffline() {
        return mongo.count(Query.query(Criteria.where("status").is(ScreenStatus.OFFLINE.name())), COLLECTION);
    }

    /** The screens {@code caller} may see (admins: all; see {@link AgencyTenancy#readable}), by id. */
    List<Document> readableBy(Caller caller) {
        return mongo.find(Query.query(tenancy.readable(caller)).with(Sort.by("_id")), Document.class, COLLECTION);
    }
}
