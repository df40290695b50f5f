package vn.govcomm.campaign.templates;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.campaign.attachments.FileLinks;
import vn.govcomm.campaign.campaigns.Campaign;
import vn.govcomm.campaign.campaigns.CampaignManagement;
import vn.govcomm.campaign.campaigns.CampaignRequest;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.web.ApiProblem;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The template library: templates of an agency (and province-wide shared ones), written by its officers, saved from a
 * campaign, shared by admins, and turned into drafts. The recurrence's drafts are {@link RecurringDrafts}'.
 */
@Service
@EnableConfigurationProperties(TemplateProperties.class)
public class TemplateManagement {

    static final String COLLECTION = "templates";
    static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    static final int MAX_LISTED = 500;
    private static final Pattern YEAR = Pattern.compile("-?(?<![0-9])(19|20)[0-9]{2}(?![0-9])");
    private static final Logger log = LoggerFactory.getLogger(TemplateManagement.class);

    private final MongoTemplate mongo;
    private final TemplateValidation validation;
    private final CampaignManagement campaigns;
    private final TemplateProperties properties;
    private final JsonMapper json;
    private final boolean demoData;
    private final Clock clock = Clock.systemUTC();

    TemplateManagement(MongoTemplate mongo, TemplateValidation validation, CampaignManagement campaigns,
                       TemplateProperties properties, JsonMapper json,
                       @Value("${govcomm.plans.demo-data:false}") boolean demoData) {
        this.mongo = mongo;
        this.validation = validation;
        this.campaigns = campaigns;
        this.properties = properties;
        this.json = json;
        this.demoData = demoData;
    }

    /** The body of {@code POST /api/campaigns/{id}/template}. */
    record SaveAsRequest(String name, String code, Recurrence recurrence) {
    }

    /** The body of {@code POST /api/templates/{id}/campaigns}. */
    record UseRequest(LocalDate startDate, String code) {
    }

    /** The body of {@code PUT /api/templates/{id}/shared}. */
    record ShareRequest(Boolean shared) {
    }

    List<Template> list(Caller caller) {
        Query query = new Query().with(Sort.by("name").and(Sort.by("_id"))).limit(MAX_LISTED);
        if (!caller.isAdmin()) {
            Criteria shared = Criteria.where("shared").is(true);
            query.addCriteria(caller.agencyId() == null || caller.roles().isEmpty() ? shared
                    : new Criteria().orOperator(Criteria.where("agencyId").is(caller.agencyId()), shared));
        }
        return mongo.find(query, Template.class, COLLECTION);
    }

    Template get(String id, Caller caller) {
        Template t = mongo.findById(id, Template.class, COLLECTION);
        if (t == null || !t.readableBy(caller)) {
            throw TemplateAccess.notFound(id);
        }
        return t;
    }

    Template create(TemplateRequest request, Caller caller) {
        TemplateAccess.requireOfficer(caller);
        return insert("tpl-" + UUID.randomUUID(), request, caller.agencyId(), caller.userId(), false, null, caller.userId());
    }

    /**
     * Saves a campaign the caller reads as a template of the caller's agency: its notice, targets, channels, LED
     * schedule, priority, observers and reminders; the window's length and the deadline's offset from its start. Files
     * of another agency are left out (a file is attached to its agency's campaigns only).
     */
    Template saveCampaign(String campaignId, SaveAsRequest body, Caller caller) {
        Campaign c = campaigns.get(campaignId, caller);
        SaveAsTemplateAction.requireAccess(caller);
        SaveAsRequest b = body == null ? new SaveAsRequest(null, null, null) : body;
        LocalDate start = LocalDate.ofInstant(c.getWindow().startsAt(), ZONE);
        LocalDate end = LocalDate.ofInstant(c.getWindow().endsAt(), ZONE);
        LocalDate deadline = c.getDeadline() == null ? end : LocalDate.ofInstant(c.getDeadline(), ZONE);
        Template.Schedule schedule = new Template.Schedule((int) ChronoUnit.DAYS.between(start, end) + 1,
                deadline.equals(end) ? null : (int) ChronoUnit.DAYS.between(start, deadline));
        boolean sameAgency = caller.belongsTo(c.getIssuingAgencyId());
        String code = b.code() != null ? b.code() : YEAR.matcher(c.getCode()).replaceAll("");
        TemplateRequest request = new TemplateRequest(b.name(), code.isBlank() ? c.getCode() : code, c.getLegalReferences(),
                CampaignRequest.notice(c.getNotice(), file -> sameAgency), CampaignRequest.targets(c.getTargets()),
                c.getPriority(), c.getLedSchedule(), c.getObservers(), schedule,
                new CampaignRequest.RemindersRequest(c.getReminders().offsetsDays()), b.recurrence());
        return insert("tpl-" + UUID.randomUUID(), request, caller.agencyId(), caller.userId(), false, c.getId(),
                caller.userId());
    }

    private Template insert(String id, TemplateRequest request, String agencyId, String owner, boolean shared,
                            String sourceCampaignId, String actor) {
        LocalDate today = LocalDate.now(clock.withZone(ZONE));
        TemplateValidation.Valid v = validation.validate(request, agencyId, today);
        Instant now = clock.instant();
        Template t = document(id, 1, v, agencyId, owner, shared, next(v.recurrence(), today), sourceCampaignId, actor,
                now, actor, now);
        mongo.insert(t, COLLECTION);
        return t;
    }

    /** Replaces a template (If-Match honoured when sent); a changed recurrence starts again from today. */
    Template update(String id, TemplateRequest request, Long expectedVersion, Caller caller) {
        Template current = get(id, caller);
        TemplateAction.EDIT.requireAccess(caller, current);
        if (expectedVersion != null && current.version() != expectedVersion) {
            throw versionMismatch();
        }
        LocalDate today = LocalDate.now(clock.withZone(ZONE));
        TemplateValidation.Valid v = validation.validate(request, current.agencyId(), today);
        String next = Objects.equals(current.recurrence(), v.recurrence()) ? current.nextOccurrence()
                : next(v.recurrence(), today);
        Template r = document(id, current.version() + 1, v, current.agencyId(), current.owner(), current.shared(),
                next, current.sourceCampaignId(), current.createdBy(), current.createdAt(), caller.userId(), clock.instant());
        // what the scheduler recorded stays (the skipped occurrences happened; a refusal is retried with the new content)
        Template replaced = new Template(r.id(), r.version(), r.name(), r.agencyId(), r.owner(), r.shared(), r.code(),
                r.legalReferences(), r.notice(), r.targets(), r.priority(), r.ledSchedule(), r.observers(), r.schedule(),
                r.reminders(), r.recurrence(), r.nextOccurrence(), current.skippedOccurrences(), current.recurrenceProblem(),
                r.sourceCampaignId(), r.createdBy(), r.createdAt(), r.updatedBy(), r.updatedAt());
        return replace(current, replaced);
    }

    void delete(String id, Long expectedVersion, Caller caller) {
        Template current = get(id, caller);
        TemplateAction.DELETE.requireAccess(caller, current);
        if (expectedVersion != null && current.version() != expectedVersion) {
            throw versionMismatch();
        }
        // drafts already created stay; their origin names the template
        mongo.remove(Query.query(Criteria.where("_id").is(id).and("version").is(current.version())), COLLECTION);
    }

    Template share(String id, ShareRequest body, Caller caller) {
        Template current = get(id, caller);
        TemplateAction.SHARE.requireAccess(caller, current);
        if (body == null || body.shared() == null) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed",
                    "Dữ liệu không hợp lệ. / The request has invalid fields.",
                    List.of(TemplateValidation.required("shared")));
        }
        Template t = current;
        Template replaced = new Template(t.id(), t.version() + 1, t.name(), t.agencyId(), t.owner(), body.shared(),
                t.code(), t.legalReferences(), t.notice(), t.targets(), t.priority(), t.ledSchedule(), t.observers(),
                t.schedule(), t.reminders(), t.recurrence(), t.nextOccurrence(), t.skippedOccurrences(),
                t.recurrenceProblem(), t.sourceCampaignId(), t.createdBy(), t.createdAt(), caller.userId(), clock.instant());
        return replace(current, replaced);
    }

    private Template replace(Template current, Template replaced) {
        Template before = mongo.findAndReplace(Query.query(Criteria.where("_id").is(current.id())
                .and("version").is(current.version())), replaced, COLLECTION);
        if (before == null) {
            throw new ApiProblem(HttpStatus.CONFLICT, "concurrent-change",
                    "Mẫu vừa được người khác thay đổi, vui lòng tải lại. / The template was changed meanwhile; reload it.");
        }
        return replaced;
    }

    /** A draft of the caller's agency from a template the caller reads, its window starting on {@code startDate}. */
    Campaign use(String id, UseRequest body, Caller caller) {
        Template t = get(id, caller);
        TemplateAction.USE.requireAccess(caller, t);
        if (body == null || body.startDate() == null) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed",
                    "Dữ liệu không hợp lệ. / The request has invalid fields.",
                    List.of(TemplateValidation.required("startDate")));
        }
        String code = body.code() != null ? body.code() : t.code() + "-" + body.startDate();
        Draft draft = draft(t, caller.agencyId(), body.startDate(), code);
        return campaigns.createDraft(draft.request(), caller,
                new Campaign.Origin("template", t.id(), null, draft.dropped()));
    }

    /** A template's draft for {@code agencyId}: its files only for its own agency. */
    record Draft(CampaignRequest request, List<String> dropped) {
    }

    static Draft draft(Template t, String agencyId, LocalDate start, String code) {
        boolean own = t.agencyId().equals(agencyId);
        CampaignRequest.NoticeRequest n = t.notice();
        // Pictures of the body too: they are files of the template's agency, which the other agency cannot publish.
        List<String> files = FileLinks.fileIds(n.bodyHtml(), n.attachmentIds());
        CampaignRequest.NoticeRequest notice = own ? n : new CampaignRequest.NoticeRequest(n.title(), n.summary(),
                FileLinks.withoutPictures(n.bodyHtml()), n.ledText(), n.facebookText(), n.zaloArticle(), List.of());
        return new Draft(TemplateValidation.draftRequest(code, agencyId, t.legalReferences(), notice, t.targets(),
                t.priority(), t.ledSchedule(), t.observers(), t.schedule(), t.reminders(), start, true),
                own ? List.of() : files);
    }

    private static String next(Recurrence recurrence, LocalDate today) {
        return recurrence == null ? null : recurrence.firstOnOrAfter(today).toString();
    }

    private static Template document(String id, long version, TemplateValidation.Valid v, String agencyId, String owner,
                                     boolean shared, String nextOccurrence, String sourceCampaignId, String createdBy,
                                     Instant createdAt, String updatedBy, Instant updatedAt) {
        return new Template(id, version, v.name(), agencyId, owner, shared, v.code(), v.legalReferences(), v.notice(),
                v.targets(), v.priority(), v.ledSchedule(), v.observers(), v.schedule(), v.reminders(), v.recurrence(),
                nextOccurrence, List.of(), null, sourceCampaignId, createdBy, createdAt, updatedBy, updatedAt);
    }

    private static ApiProblem versionMismatch() {
        return new ApiProblem(HttpStatus.PRECONDITION_FAILED, "version-mismatch",
                "Mẫu đã được thay đổi từ lần tải trước, vui lòng tải lại. / The template changed since you loaded it; reload it.");
    }

    /** The library is listed per agency and the scheduler looks templates up by their next occurrence. */
    @EventListener(ApplicationReadyEvent.class)
    public void createIndexes() {
        mongo.indexOps(COLLECTION).createIndex(new Index("agencyId", Sort.Direction.ASC));
        mongo.indexOps(COLLECTION).createIndex(new Index("nextOccurrence", Sort.Direction.ASC).sparse());
    }

    /**
     * With demo data on: the yearly citizen-satisfaction survey template of Sở Nội vụ (seed 001), once (a restart, or a
     * template changed since, is left alone), checked by the same rules as any template.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void seedIfEnabled() {
        if (!demoData) {
            return;
        }
        JsonNode seed;
        try (InputStream in = properties.demoSeed().getInputStream()) {
            seed = json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String id = seed.path("id").asString();
        if (mongo.exists(Query.query(Criteria.where("_id").is(id)), COLLECTION)) {
            return;
        }
        try {
            Template t = insert(id, json.treeToValue(seed.path("template"), TemplateRequest.class),
                    seed.path("agencyId").asString(), seed.path("owner").asString(), seed.path("shared").asBoolean(),
                    null, "system");
            log.info("Seeded the demo template {} ({}), next occurrence {}", t.id(), t.name(), t.nextOccurrence());
        } catch (DuplicateKeyException e) {
            // another instance seeded it at the same time
        }
    }
}
