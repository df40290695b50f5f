package vn.govcomm.reporting.projections;

import vn.govcomm.kit.kafka.ConcurrentChange;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import vn.govcomm.contracts.events.AgencyChanged;
import vn.govcomm.contracts.events.CampaignScheduled;
import vn.govcomm.contracts.events.CampaignScheduled.Target;
import vn.govcomm.contracts.events.CampaignTransitioned;
import vn.govcomm.contracts.events.Window;
import vn.govcomm.kit.events.PoisonEventException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

import static vn.govcomm.reporting.projections.ReadModels.AGENCIES;
import static vn.govcomm.reporting.projections.ReadModels.AGENCY_COUNTS;
import static vn.govcomm.reporting.projections.ReadModels.CAMPAIGNS;

/**
 * Campaigns (from campaign.events) and agencies (from the compacted directory.agencies) as the reports need them.
 * Guarded by version / occurredAt: duplicates and older events arriving late change nothing. Each guard is a
 * read by id then a compare-and-set on {@code (_id, guarded field)}: a look-up by {@code _id}, on MongoDB and on the
 * embedded store alike.
 *
 * <p>A CampaignScheduled also writes the plan into the per-agency documents ({@value ReadModels#AGENCY_COUNTS}:
 * {@code required} channels, {@code planIndex}) and the campaign's agency index, before the campaign document:
 * a crash in between is finished by the redelivered event, which finds the campaign still at the older version.
 *
 * <p>The campaign's {@code issuingAgencyId} decides who may read its reports ({@code ReportAccess}): it comes with
 * every CampaignScheduled and with the transitions that carry it, so a campaign is attributed as soon as any of its
 * events arrives.
 */
@Component
public class CampaignProjection {

    private final MongoTemplate mongo;

    CampaignProjection(MongoTemplate mongo) {
        this.mongo = mongo;
        // MongoDB: the period follow-up report selects campaigns by due date, per issuing agency or all of them.
        mongo.indexOps(CAMPAIGNS).createIndex(new Index().on("dueBy", Sort.Direction.ASC).named("due_by"));
        mongo.indexOps(CAMPAIGNS).createIndex(new Index().on("issuingAgencyId", Sort.Direction.ASC)
                .on("dueBy", Sort.Direction.ASC).named("issuer_due_by"));
        // MongoDB: the reports read the agencies that have a successor, to name every agency's predecessors.
        mongo.indexOps(AGENCIES).createIndex(new Index().on("successorId", Sort.Direction.ASC).named("successor_of"));
    }

    public void onScheduled(CampaignScheduled scheduled, Instant at) {
        String campaignId = scheduled.campaignId();
        if (campaignId == null) {
            throw new PoisonEventException("CampaignScheduled without campaignId");
        }
        Integer version = scheduled.version();
        List<Target> targets = scheduled.targets();
        if (scheduled.notice() == null || version == null || targets == null
                || targets.stream().anyMatch(t -> t == null || t.agencyId() == null)) {
            throw new PoisonEventException("CampaignScheduled " + campaignId + " without notice, version or targets");
        }
        Integer stored = storedVersion(campaignId);
        if (stored != null && stored > version) {
            return; // an older plan arriving late
        }
        writePlan(campaignId, targets);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("code", scheduled.code());
        fields.put("title", scheduled.notice().title());
        fields.put("issuingAgencyId", scheduled.issuingAgencyId());
        fields.put("version", version);
        fields.put("window", window(scheduled.window()));
        fields.put("publishAt", scheduled.publishAt());
        fields.put("legalReferences", scheduled.legalReferences() == null ? List.of() : scheduled.legalReferences());
        fields.put("deadline", scheduled.deadline());
        // When the targets must have published (the deadline, else the window end): the follow-up report's
        // period filter ("campaigns due between from and to").
        fields.put("dueBy", dueBy(scheduled));
        fields.put("targets", targets.stream().map(t -> new Document("agencyId", t.agencyId()).append("channels", t.channels())).toList());
        // Only a newer version of the plan replaces the targets.
        guarded(campaignId, CAMPAIGNS, "version", fields, current -> current == null || ((Integer) current) < version);
    }

    public void onTransition(CampaignTransitioned transition, Instant at) {
        String campaignId = transition.campaignId();
        String to = transition.toStatus() == null ? null : transition.toStatus().name();
        if (campaignId == null || to == null) {
            throw new PoisonEventException("Campaign transition " + campaignId + " without campaignId or toStatus");
        }
        Update history = new Update().set("statusHistory." + to, Date.from(at)).setOnInsert("code", transition.code());
        if (transition.issuingAgencyId() != null) {
            // Who may read the reports (ReportAccess); a campaign's issuing agency never changes.
            history.set("issuingAgencyId", transition.issuingAgencyId());
        }
        mongo.upsert(byId(campaignId), history, CAMPAIGNS);
        Map<String, Object> current = new LinkedHashMap<>();
        current.put("status", to);
        current.put("statusAt", Date.from(at));
        if (transition.title() != null) {
            current.put("title", transition.title());
        }
        guarded(campaignId, CAMPAIGNS, "statusAt", current, stored -> stored == null || ((Date) stored).before(Date.from(at)));
    }

    public void onAgencyChanged(AgencyChanged agency, Instant at) {
        String agencyId = agency.agencyId();
        if (agencyId == null || agency.name() == null) {
            throw new PoisonEventException("AgencyChanged without agencyId or name");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", agency.name());
        fields.put("shortName", agency.shortName());
        fields.put("type", agency.type());
        fields.put("parentId", agency.parentId());
        fields.put("groups", agency.groups() == null ? List.of() : agency.groups());
        fields.put("active", agency.active() == null || agency.active());
        fields.put("channels", agency.endpoints() == null ? List.of() : agency.endpoints().stream()
                .filter(Objects::nonNull).map(AgencyChanged.Endpoint::channel).distinct().toList());
        // Merged into / renamed to that agency (Successions moves the history and attributes later events).
        fields.put("successorId", agency.successorId());
        fields.put(Predecessors.SUCCESSION_KIND, agency.successorId() == null || agency.successionKind() == null ? null
                : agency.successionKind().name());
        fields.put(Predecessors.SUCCEEDED_AT, succeededAt(agency, at));
        // The tenant (ReportAccess: who reads across agencies, kit ProvinceScope); neither: the home province.
        fields.put("provinceId", agency.provinceId());
        fields.put("national", Boolean.TRUE.equals(agency.national()) ? Boolean.TRUE : null);
        fields.put("occurredAt", Date.from(at));
        guarded(agencyId, AGENCIES, "occurredAt", fields, stored -> stored == null || ((Date) stored).before(Date.from(at)));
    }

    /**
     * When the agency was succeeded, as the reports print it (Predecessors): the directory's {@code succeededAt} when
     * the snapshot has it. Older snapshots carry no date: then the time of the first snapshot naming a successor, kept
     * while later snapshots name one (a successor re-pointed along a chain, an edit). None when the snapshot names no
     * successor.
     */
    private Date succeededAt(AgencyChanged agency, Instant at) {
        if (agency.successorId() == null) {
            return null;
        }
        if (agency.succeededAt() != null) {
            try {
                return Date.from(OffsetDateTime.parse(agency.succeededAt()).toInstant());
            } catch (DateTimeParseException e) {
                throw new PoisonEventException("AgencyChanged " + agency.agencyId() + " with a bad succeededAt", e);
            }
        }
        Query read = byId(agency.agencyId());
        read.fields().include("successorId", Predecessors.SUCCEEDED_AT);
        Document stored = mongo.findOne(read, Document.class, AGENCIES);
        boolean kept = stored != null && stored.getString("successorId") != null && stored.getDate(Predecessors.SUCCEEDED_AT) != null
                && stored.getDate(Predecessors.SUCCEEDED_AT).before(Date.from(at));
        return kept ? stored.getDate(Predecessors.SUCCEEDED_AT) : Date.from(at);
    }

    /**
     * The plan's required channels and order into the per-agency documents; agencies dropped from it lose theirs. A
     * target that was merged into or renamed to another agency is attributed to its successor (channels united).
     */
    private void writePlan(String campaignId, List<Target> targets) {
        List<Map.Entry<String, List<String>>> attributed = Successions.attribute(mongo, targets.stream()
                .map(t -> Map.entry(t.agencyId(), t.channels() == null ? List.<String>of() : t.channels())).toList());
        List<String> planned = attributed.stream().map(Map.Entry::getKey).toList();
        CampaignAgencies.add(mongo, campaignId, planned); // the index first: nothing is ever unlisted
        Set<String> dropped = new HashSet<>(CampaignAgencies.ids(mongo, campaignId));
        planned.forEach(dropped::remove);
        BulkOperations plan = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, AGENCY_COUNTS);
        for (int i = 0; i < attributed.size(); i++) {
            String agencyId = planned.get(i);
            plan.upsert(byId(ReadModels.agencyKey(campaignId, agencyId)), new Update()
                    .set("required", attributed.get(i).getValue()).set("planIndex", i)
                    .setOnInsert("campaignId", campaignId).setOnInsert("agencyId", agencyId));
        }
        dropped.forEach(agencyId -> plan.updateOne(byId(ReadModels.agencyKey(campaignId, agencyId)),
                new Update().unset("required").unset("planIndex")));
        if (!attributed.isEmpty() || !dropped.isEmpty()) {
            plan.execute();
        }
    }

    private static Date dueBy(CampaignScheduled scheduled) {
        String due = scheduled.deadline() != null ? scheduled.deadline()
                : scheduled.window() == null ? null : scheduled.window().endsAt();
        try {
            return due == null ? null : Date.from(OffsetDateTime.parse(due).toInstant());
        } catch (DateTimeParseException e) {
            throw new PoisonEventException("CampaignScheduled " + scheduled.campaignId() + " with a bad deadline or window end", e);
        }
    }

    /** The window as stored (the fields it came with; read back by the compliance grid and the follow-up). */
    private static Document window(Window window) {
        if (window == null) {
            return null;
        }
        Document stored = new Document();
        if (window.startsAt() != null) {
            stored.append("startsAt", window.startsAt());
        }
        if (window.endsAt() != null) {
            stored.append("endsAt", window.endsAt());
        }
        if (window.timeZone() != null) {
            stored.append("timeZone", window.timeZone());
        }
        return stored;
    }

    private Integer storedVersion(String campaignId) {
        Query query = byId(campaignId);
        query.fields().include("version");
        Document stored = mongo.findOne(query, Document.class, CAMPAIGNS);
        return stored == null ? null : stored.getInteger("version");
    }

    /**
     * Writes {@code fields} into document {@code id} when {@code newer} accepts the stored value of {@code guard}
     * (null when missing): insert-first for a new document, else a compare-and-set on {@code (_id, guard)}.
     */
    private void guarded(String id, String collection, String guard, Map<String, Object> fields,
                         Predicate<Object> newer) {
        for (int tries = 0; tries < 10; tries++) {
            Query read = byId(id);
            read.fields().include(guard);
            Document stored = mongo.findOne(read, Document.class, collection);
            if (stored == null) {
                Document document = new Document("_id", id);
                document.putAll(fields);
                try {
                    mongo.insert(document, collection);
                    return;
                } catch (DuplicateKeyException raced) {
                    continue;
                }
            }
            Object current = stored.get(guard);
            if (!newer.test(current)) {
                return; // a newer value is stored already
            }
            Update update = new Update();
            fields.forEach(update::set);
            if (mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and(guard).is(current)), update, collection)
                    .getModifiedCount() == 1) {
                return;
            }
        }
        throw new ConcurrentChange(collection + " " + id + " kept changing; will be retried");
    }

    private static Query byId(String id) {
        return Query.query(Criteria.where("_id").is(id));
    }
}
