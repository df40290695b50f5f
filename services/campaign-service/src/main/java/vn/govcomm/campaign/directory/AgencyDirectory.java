package vn.govcomm.campaign.directory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.Resource;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.contracts.events.AgencyChanged;
import vn.govcomm.kit.events.OutgoingEvent;
import vn.govcomm.kit.outbox.OutboxRelay;
import vn.govcomm.kit.outbox.OutboxWriter;

import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.result.UpdateResult;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import vn.govcomm.kit.web.ApiProblem;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Date;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The agency directory. Every change is published as an AgencyChanged snapshot on {@code directory.agencies}
 * (through the agency document's outbox) so the publisher keeps its own copy for the fan-out.
 */
@Service
public class AgencyDirectory {

    private static final Logger log = LoggerFactory.getLogger(AgencyDirectory.class);
    static final String COLLECTION = "agencies";
    static final String AUDIT = "audit";

    private final MongoTemplate mongo;
    private final OutboxRelay relay;
    private final JsonMapper json;
    private final Resource seed;
    private final Tenant home;

    AgencyDirectory(MongoTemplate mongo, @Qualifier("directoryOutbox") OutboxRelay relay,
                    JsonMapper json, @Value("${govcomm.directory.seed}") Resource seed,
                    @Value("${govcomm.directory.home-province:khanh-hoa}") String homeProvince) {
        if (!Provinces.isKnown(homeProvince)) {
            throw new IllegalStateException("govcomm.directory.home-province must be one of the 34 province codes "
                    + Provinces.ALL.keySet() + ", not " + homeProvince);
        }
        this.mongo = mongo;
        this.relay = relay;
        this.json = json;
        this.seed = seed;
        this.home = Tenant.province(homeProvince);
    }

    /** The deployment's home province: where agencies stored without a province (older data, old files) belong. */
    public Tenant home() {
        return home;
    }

    /** An agency as read: without a province and not national, it is the home province's; national never null. */
    private Agency tenanted(Agency stored) {
        if (stored == null || (stored.national() != null && (stored.isNational() || stored.provinceId() != null))) {
            return stored;
        }
        return stored.in(stored.isNational() ? Tenant.NATIONAL
                : stored.provinceId() != null ? Tenant.province(stored.provinceId()) : home);
    }

    private List<Agency> tenanted(List<Agency> stored) {
        return stored.stream().map(this::tenanted).toList();
    }

    /** A group's agencies by id ({@link #inGroup}; real MongoDB, the embedded store plans only with unique indexes). */
    @EventListener(ApplicationReadyEvent.class)
    public void createIndexes() {
        mongo.indexOps(Agency.class).createIndex(new Index().on("groups", Sort.Direction.ASC).on("_id", Sort.Direction.ASC)
                .named("group_members"));
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
            Agency agency = tenanted(json.convertValue(row, Agency.class));
            register(agency, "system", "seeded");
        }
        log.info("Seeded the agency directory with {} agencies", rows.size());
    }

    /** Adds an agency, publishing its snapshot; the audit entry is written in the same single-document insert. */
    public Agency register(Agency agency, String actor, String action) {
        Agency stored = new Agency(agency.agencyId(), agency.name(), agency.shortName(), agency.type(),
                agency.parentId(), agency.groups() == null ? List.of() : agency.groups(), agency.contactEmail(),
                agency.active(), agency.endpoints() == null ? List.of() : agency.endpoints(), 1, null, null, null,
                agency.provinceId(), agency.national());
        Document doc = toDocument(stored);
        OutboxWriter.attach(doc, changed(stored));
        doc.put(AUDIT, List.of(auditEntry(action, actor, List.of("created"), 1)));
        try {
            mongo.insert(doc, COLLECTION);
        } catch (DuplicateKeyException e) {
            throw new ApiProblem(HttpStatus.CONFLICT, "agency-exists",
                    "Cơ quan " + agency.agencyId() + " đã có. / Agency " + agency.agencyId() + " already exists.");
        }
        relay.nudge();
        return stored;
    }

    /**
     * Replaces an agency if it is still at {@code expectedVersion}: new snapshot on the outbox and an audit entry
     * (who, when, which fields changed from what to what), all in one single-document update.
     */
    public Agency update(Agency current, Agency next, long expectedVersion, String actor) {
        // An admin's input never carries the succession: it stays as the succession endpoint wrote it.
        Agency stored = new Agency(current.agencyId(), next.name(), next.shortName(), next.type(), next.parentId(),
                next.groups() == null ? List.of() : next.groups(), next.contactEmail(), next.active(),
                next.endpoints() == null ? List.of() : next.endpoints(), expectedVersion + 1, current.successorId(),
                current.successionKind(), current.succeededAt(), next.provinceId(), next.national());
        return write(current, stored, expectedVersion, actor, "updated", () -> new ApiProblem(
                HttpStatus.PRECONDITION_FAILED, "version-mismatch",
                "Cơ quan vừa được người khác thay đổi, vui lòng tải lại. / The agency was changed meanwhile; reload it."));
    }

    /**
     * Records that {@code current} was succeeded by {@code successorId} (merged or renamed at {@code at}): inactive, its
     * snapshot naming the successor, an audit entry ({@code action}: "succeeded", or "successor re-pointed" for an
     * earlier predecessor whose successor was succeeded in turn). One single-document update guarded by its version.
     */
    public Agency succeed(Agency current, String successorId, Agency.SuccessionKind kind, Instant at, String actor,
                          String action) {
        // The tenant rule of successions, here because every succession's first write passes by (409: nothing changed yet)
        find(successorId).filter(s -> !s.tenant().covers(tenanted(current).tenant())).ifPresent(s -> {
            throw new ApiProblem(HttpStatus.CONFLICT, "successor-outside-province", "Cơ quan kế thừa " + successorId
                    + " (" + s.tenant() + ") không thuộc tỉnh của " + current.agencyId() + " (" + tenanted(current).tenant()
                    + ") và không phải cơ quan trung ương. / The successor " + successorId + " (" + s.tenant()
                    + ") is neither in the province of " + current.agencyId() + " (" + tenanted(current).tenant()
                    + ") nor national.");
        });
        Agency stored = new Agency(current.agencyId(), current.name(), current.shortName(), current.type(),
                current.parentId(), current.groups(), current.contactEmail(), false, current.endpoints(),
                current.version() + 1, successorId, kind, at, tenanted(current).provinceId(), current.national());
        return write(current, stored, current.version(), actor, action, () -> new ApiProblem(HttpStatus.CONFLICT,
                "concurrent-change", "Cơ quan " + current.agencyId() + " vừa được người khác thay đổi, vui lòng thử lại. / "
                + "Agency " + current.agencyId() + " was changed meanwhile; try again."));
    }

    /**
     * Appends an entry to an agency's audit trail without changing the agency (no new version, no snapshot): e.g. on a
     * successor, what it took over from a predecessor.
     */
    public void note(String agencyId, String action, String actor, List<String> changes) {
        Agency agency = find(agencyId).orElseThrow();
        mongo.updateFirst(Query.query(Criteria.where("_id").is(agencyId)),
                new Update().push(AUDIT, auditEntry(action, actor, changes, agency.version())), COLLECTION);
    }

    /** The agencies whose successor is {@code agencyId} (merged into it, or renamed to it, earlier). */
    public List<Agency> predecessorsOf(String agencyId) {
        return tenanted(mongo.find(Query.query(Criteria.where("successorId").is(agencyId)).with(Sort.by("_id")), Agency.class));
    }

    private Agency write(Agency current, Agency stored, long expectedVersion, String actor, String action,
                         Supplier<ApiProblem> changedMeanwhile) {
        List<String> changes = AgencyChanges.between(current, stored);
        if (changes.isEmpty()) {
            return current;
        }
        Document doc = toDocument(stored);
        doc.remove("_id");
        Update update = new Update();
        doc.forEach(update::set);
        OutboxWriter.push(update, changed(stored));
        update.push(AUDIT, auditEntry(action, actor, changes, stored.version()));
        UpdateResult result = mongo.updateFirst(Query.query(Criteria.where("_id").is(current.agencyId())
                .and("version").is(expectedVersion)), update, COLLECTION);
        if (result.getMatchedCount() == 0) {
            throw changedMeanwhile.get();
        }
        relay.nudge();
        return stored;
    }

    /** An agency of an import that is already in the directory: as read ({@code current}) and as the file has it. */
    record Replacement(Agency current, Agency next) {
    }

    /**
     * Writes an import in one bulk write: each new agency inserted with its AgencyChanged event and audit entry,
     * each replaced one updated like {@link #update} (guarded by the version it was read at, its event and audit
     * entry in the same single-document update), then the relay is told which documents to publish. Writes are
     * atomic per agency, not for the whole import (no multi-document transactions): an agency somebody changed or
     * created since it was read is not written, and the answer is 409 with how many were; the other writes stand, and
     * importing the same file again finishes the job (what is already as the file says counts as unchanged).
     */
    /** The fields of a stored agency besides its id (the record's components, as Spring Data maps them). */
    private static final List<String> STORED_FIELDS = Arrays.stream(Agency.class.getRecordComponents())
            .map(RecordComponent::getName).filter(n -> !n.equals("agencyId")).toList();

    void importAll(List<Agency> created, List<Replacement> replaced, String actor) {
        if (created.isEmpty() && replaced.isEmpty()) {
            return;
        }
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION);
        List<String> ids = new ArrayList<>(created.size() + replaced.size());
        for (Agency agency : created) {
            Agency stored = withVersion(agency, agency.agencyId(), 1);
            Document doc = toDocument(stored);
            OutboxWriter.attach(doc, changed(stored));
            doc.put(AUDIT, List.of(auditEntry("imported", actor, List.of("created"), 1)));
            bulk.insert(doc);
            ids.add(stored.agencyId());
        }
        for (Replacement r : replaced) {
            Agency stored = withVersion(r.next().withSuccessionOf(r.current()), r.current().agencyId(),
                    r.current().version() + 1);
            Document doc = toDocument(stored);
            doc.remove("_id");
            Update update = new Update();
            doc.forEach(update::set);
            // the document leaves out empty fields: unset them, or a file could never empty a field (e.g. a parent)
            STORED_FIELDS.stream().filter(f -> !doc.containsKey(f)).forEach(update::unset);
            OutboxWriter.push(update, changed(stored));
            update.push(AUDIT, auditEntry("imported", actor, AgencyChanges.between(r.current(), stored), stored.version()));
            bulk.updateOne(Query.query(Criteria.where("_id").is(stored.agencyId()).and("version").is(r.current().version())),
                    update);
            ids.add(stored.agencyId());
        }
        int written;
        try {
            BulkWriteResult result = bulk.execute();
            written = created.size() + result.getMatchedCount();
        } catch (BulkOperationException e) {
            // Each error is the duplicate key of an agency created meanwhile (counted from the errors: the embedded
            // store's insertedCount includes the failed inserts); the other operations were carried out.
            written = created.size() - e.getErrors().size() + e.getResult().getMatchedCount();
        }
        ids.forEach(relay::nudge);
        int expected = ids.size();
        if (written < expected) {
            throw new ApiProblem(HttpStatus.CONFLICT, "directory-changed-meanwhile",
                    "Danh bạ vừa được người khác thay đổi: đã ghi " + written + "/" + expected + " cơ quan. Hãy nhập lại "
                            + "tệp để hoàn tất. / The directory was changed meanwhile: " + written + " of " + expected
                            + " agencies were written. Import the file again to finish.");
        }
    }

    /** Every agency as stored, without the audit trail and outbox (the import compares against these). */
    List<Agency> currentAgencies() {
        Query query = new Query().with(Sort.by("_id"));
        query.fields().exclude(AUDIT, OutboxRelay.FIELD, OutboxRelay.QUARANTINE, OutboxRelay.RESOLVED);
        return tenanted(mongo.find(query, Agency.class));
    }

    private static Agency withVersion(Agency a, String agencyId, long version) {
        return new Agency(agencyId, a.name(), a.shortName(), a.type(), a.parentId(),
                a.groups() == null ? List.of() : a.groups(), a.contactEmail(), a.active(),
                a.endpoints() == null ? List.of() : a.endpoints(), version, a.successorId(), a.successionKind(),
                a.succeededAt(), a.provinceId(), a.national());
    }

    /** The audit trail of an agency, oldest first. */
    public List<Map<String, Object>> auditTrail(String agencyId) {
        Query query = Query.query(Criteria.where("_id").is(agencyId));
        query.fields().include(AUDIT);
        Document doc = mongo.findOne(query, Document.class, COLLECTION);
        if (doc == null) {
            return List.of();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Document entry : doc.getList(AUDIT, Document.class, List.of())) {
            Map<String, Object> m = new LinkedHashMap<>(entry);
            if (m.get("at") instanceof Date d) {
                m.put("at", d.toInstant());
            }
            out.add(m);
        }
        return out;
    }

    private static Document auditEntry(String action, String actor, List<String> changes, long version) {
        return new Document("action", action).append("actor", actor).append("at", new Date())
                .append("version", version).append("changes", changes);
    }

    private Document toDocument(Agency agency) {
        Document doc = new Document();
        mongo.getConverter().write(agency, doc);
        doc.remove("_class");
        return doc;
    }

    public Optional<Agency> find(String agencyId) {
        return Optional.ofNullable(tenanted(mongo.findById(agencyId, Agency.class)));
    }

    public List<Agency> all() {
        return tenanted(mongo.find(new Query().with(Sort.by("_id")), Agency.class));
    }

    public List<Agency> findAll(Collection<String> agencyIds) {
        return tenanted(mongo.find(Query.query(Criteria.where("_id").in(agencyIds)), Agency.class));
    }

    public List<Agency> inGroup(String group) {
        return tenanted(mongo.find(Query.query(Criteria.where("groups").is(group)).with(Sort.by("_id")), Agency.class));
    }

    /** The agencies of {@code tenant} (a province, or the national tier), by id. */
    public List<Agency> in(Tenant tenant) {
        return tenanted(mongo.find(Query.query(of(tenant)).with(Sort.by("_id")), Agency.class));
    }

    /** The ids of the agencies of {@code tenant}: the campaigns and plans a province-wide viewer reads are theirs. */
    public List<String> idsIn(Tenant tenant) {
        Query query = Query.query(of(tenant));
        query.fields().include("_id");
        return mongo.find(query, Document.class, COLLECTION).stream().map(d -> d.getString("_id")).toList();
    }

    /** The filter of a tenant's agencies; the home province also holds those stored without a province. */
    private Criteria of(Tenant tenant) {
        if (tenant.national()) {
            return Criteria.where("national").is(true);
        }
        Criteria stated = Criteria.where("provinceId").is(tenant.provinceId());
        return !tenant.equals(home) ? stated : new Criteria().orOperator(stated,
                Criteria.where("provinceId").exists(false).and("national").ne(true));
    }

    /** The tenant of an agency of the directory (empty when there is no such agency). */
    public Optional<Tenant> tenantOf(String agencyId) {
        return agencyId == null ? Optional.empty() : find(agencyId).map(Agency::tenant);
    }

    public List<Agency> childrenOf(String parentId) {
        return tenanted(mongo.find(Query.query(Criteria.where("parentId").is(parentId)), Agency.class));
    }

    /** Every agency below {@code ancestorId} in the hierarchy (children, their children, ...). */
    public List<Agency> descendantsOf(String ancestorId) {
        List<Agency> all = all();
        List<Agency> out = new ArrayList<>();
        Deque<String> pending = new ArrayDeque<>(List.of(ancestorId));
        Set<String> seen = new HashSet<>(pending);
        while (!pending.isEmpty()) {
            String parent = pending.pop();
            for (Agency a : all) {
                if (parent.equals(a.parentId()) && seen.add(a.agencyId())) {
                    out.add(a);
                    pending.push(a.agencyId());
                }
            }
        }
        return out;
    }

    private OutgoingEvent changed(Agency agency) {
        Instant now = Instant.now();
        return OutgoingEvent.of(EventTypes.TOPIC_AGENCY_DIRECTORY, agency.agencyId(), EventTypes.AGENCY_CHANGED,
                "/services/campaign-service", agency.agencyId(),
                Contracts.get().contract(EventTypes.AGENCY_CHANGED).dataschema(), now,
                json.writeValueAsString(snapshot(agency, now)));
    }

    /**
     * Where this agency's AgencyChanged snapshot breaks its contract (JSON pointer and message, e.g.
     * {@code /contactEmail: does not match the email pattern ...}); empty when it fits. The admin's input passes
     * {@link AgencyValidation}'s own rules first; this catches what those do not repeat of the schema (e.g. the
     * contract's {@code format: email} wants a top-level domain IANA knows), so nothing published breaks it.
     */
    List<String> contractViolations(Agency agency) {
        return Contracts.get().validate(EventTypes.AGENCY_CHANGED, json.writeValueAsString(snapshot(agency, Instant.now())));
    }

    /**
     * The agency's snapshot: its tenant always stated (the home province for one stored without, so readers need not
     * share this deployment's home province), the succession's kind and legal date with its successor.
     */
    private AgencyChanged snapshot(Agency agency, Instant now) {
        Tenant tenant = tenanted(agency).tenant();
        boolean succeeded = agency.succeeded();
        return new AgencyChanged(agency.agencyId(), agency.name(), agency.shortName(), agency.type(), agency.parentId(),
                agency.groups() == null ? List.of() : agency.groups(), agency.contactEmail(), agency.active(),
                (agency.endpoints() == null ? List.<Agency.Endpoint>of() : agency.endpoints()).stream()
                        .map(AgencyDirectory::endpoint).toList(), now.toString(), agency.successorId(),
                tenant.provinceId(), tenant.national() ? Boolean.TRUE : null,
                succeeded && agency.successionKind() != null ? AgencyChanged.SuccessionKind.valueOf(agency.successionKind().name()) : null,
                // in the store's precision, so every snapshot of the same succession says the same date
                succeeded && agency.succeededAt() != null ? agency.succeededAt().truncatedTo(ChronoUnit.MILLIS).toString() : null);
    }

    private static AgencyChanged.Endpoint endpoint(Agency.Endpoint e) {
        Agency.Screen s = e.screen();
        return new AgencyChanged.Endpoint(e.endpointId(), e.channel(), e.displayName(), e.externalId(), s == null ? null
                : new AgencyChanged.Screen(s.lines(), s.charsPerLine(), s.widthPx(), s.heightPx(), s.site()));
    }
}
