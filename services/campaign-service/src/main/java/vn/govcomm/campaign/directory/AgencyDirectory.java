package vn.govcomm.campaign.directory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.Resource;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.kit.events.OutgoingEvent;
import vn.govcomm.kit.outbox.OutboxRelay;
import vn.govcomm.kit.outbox.OutboxWriter;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agency directory. Every change is published as an AgencyChanged snapshot on {@code directory.agencies}
 * (through the agency document's outbox) so the publisher keeps its own copy for the fan-out.
 */
@Service
public class AgencyDirectory {

    private static final Logger log = LoggerFactory.getLogger(AgencyDirectory.class);
    static final String TOPIC = "directory.agencies";
    static final String TYPE = "vn.govcomm.directory.agency-changed.v1";
    static final String SCHEMA = "https://govcomm.vn/contracts/schemas/agency-changed.v1.json";

    private final MongoTemplate mongo;
    private final OutboxWriter outbox;
    private final OutboxRelay relay;
    private final JsonMapper json;
    private final Resource seed;

    AgencyDirectory(MongoTemplate mongo, OutboxWriter outbox, @org.springframework.beans.factory.annotation.Qualifier("directoryOutbox") OutboxRelay relay,
                    JsonMapper json, @Value("${govcomm.directory.seed}") Resource seed) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.relay = relay;
        this.json = json;
        this.seed = seed;
    }

    /** Loads the seed directory on first start (an empty collection); later starts keep what admins changed. */
    @EventListener(ApplicationReadyEvent.class)
    public void seedIfEmpty() throws IOException {
        if (mongo.estimatedCount(Agency.class) > 0) {
            return;
        }
        List<Map<String, Object>> rows;
        try (InputStream in = seed.getInputStream()) {
            rows = json.readValue(in, new TypeReference<>() { });
        }
        for (Map<String, Object> row : rows) {
            row.putIfAbsent("version", 1);
            Agency agency = json.convertValue(row, Agency.class);
            register(agency);
        }
        log.info("Seeded the agency directory with {} agencies", rows.size());
    }

    /** Adds an agency, publishing its snapshot. */
    public Agency register(Agency agency) {
        Agency stored = new Agency(agency.agencyId(), agency.name(), agency.shortName(), agency.type(),
                agency.parentId(), agency.groups() == null ? List.of() : agency.groups(), agency.active(),
                agency.endpoints() == null ? List.of() : agency.endpoints(), 1);
        outbox.insert(stored, "agencies", List.of(changed(stored)));
        relay.nudge();
        return stored;
    }

    public Optional<Agency> find(String agencyId) {
        return Optional.ofNullable(mongo.findById(agencyId, Agency.class));
    }

    public List<Agency> all() {
        return mongo.findAll(Agency.class);
    }

    public List<Agency> findAll(Collection<String> agencyIds) {
        return mongo.find(Query.query(Criteria.where("_id").in(agencyIds)), Agency.class);
    }

    public List<Agency> inGroup(String group) {
        return mongo.find(Query.query(Criteria.where("groups").is(group)), Agency.class);
    }

    public List<Agency> childrenOf(String parentId) {
        return mongo.find(Query.query(Criteria.where("parentId").is(parentId)), Agency.class);
    }

    private OutgoingEvent changed(Agency agency) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("agencyId", agency.agencyId());
        data.put("name", agency.name());
        if (agency.shortName() != null) {
            data.put("shortName", agency.shortName());
        }
        data.put("type", agency.type());
        if (agency.parentId() != null) {
            data.put("parentId", agency.parentId());
        }
        data.put("groups", agency.groups());
        data.put("active", agency.active());
        data.put("endpoints", agency.endpoints().stream().map(AgencyDirectory::endpointJson).toList());
        Instant now = Instant.now();
        data.put("occurredAt", now.toString());
        return OutgoingEvent.of(TOPIC, agency.agencyId(), TYPE, "/services/campaign-service", agency.agencyId(),
                SCHEMA, now, json.writeValueAsString(data));
    }

    private static Map<String, Object> endpointJson(Agency.Endpoint e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("endpointId", e.endpointId());
        m.put("channel", e.channel());
        if (e.displayName() != null) {
            m.put("displayName", e.displayName());
        }
        m.put("externalId", e.externalId());
        if (e.screen() != null) {
            Map<String, Object> s = new LinkedHashMap<>();
            if (e.screen().lines() != null) s.put("lines", e.screen().lines());
            if (e.screen().charsPerLine() != null) s.put("charsPerLine", e.screen().charsPerLine());
            if (e.screen().widthPx() != null) s.put("widthPx", e.screen().widthPx());
            if (e.screen().heightPx() != null) s.put("heightPx", e.screen().heightPx());
            if (e.screen().site() != null) s.put("site", e.screen().site());
            m.put("screen", s);
        }
        return m;
    }
}
