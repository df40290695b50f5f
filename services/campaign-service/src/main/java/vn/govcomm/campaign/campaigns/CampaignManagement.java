package vn.govcomm.campaign.campaigns;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.index.IndexOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.campaign.attachments.FileLinks;
import vn.govcomm.campaign.directory.Tenancy;
import vn.govcomm.campaign.text.TextHygiene;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.events.OutgoingEvent;
import vn.govcomm.kit.outbox.OutboxRelay;
import vn.govcomm.kit.outbox.OutboxWriter;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.kit.web.ApiProblem.FieldProblem;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The campaign lifecycle. Each transition and its event(s) are one single-document write (embedded outbox),
 * guarded by the document version, so a concurrent second approval fails instead of approving twice.
 * Who may do what is decided by {@link CampaignAccess}.
 */
@Service
@EnableConfigurationProperties(CampaignProperties.class)
public class CampaignManagement {

    static final String COLLECTION = "campaigns";

    private final MongoTemplate mongo;
    private final OutboxWriter outbox;
    private final OutboxRelay relay;
    private final CampaignValidation validation;
    private final CampaignEvents events;
    private final JsonMapper json;
    private final long maxEventBytes;
    private final Clock clock;
    private final Tenancy tenancy;
    private final ObjectProvider<CampaignActionSource> moreActions;

    CampaignManagement(MongoTemplate mongo, OutboxWriter outbox, @Qualifier("campaignOutbox") OutboxRelay relay,
                       CampaignValidation validation, JsonMapper json, CampaignProperties properties, Tenancy tenancy,
                       ObjectProvider<CampaignActionSource> moreActions, FileLinks links) {
        this.tenancy = tenancy;
        this.mongo = mongo;
        this.outbox = outbox;
        this.relay = relay;
        this.validation = validation;
        this.events = new CampaignEvents(json, links);
        this.json = json;
        this.maxEventBytes = properties.maxEventBytes().toBytes();
        this.clock = Clock.systemUTC();
        this.moreActions = moreActions;
    }

    /** A new draft, or the outcome of an earlier create with the same Idempotency-Key. */
    record Created(Campaign campaign, boolean replayed) {
    }

    /**
     * Creates a draft. With an Idempotency-Key the campaign id is derived from (user, key), so the unique
     * {@code _id} index makes a duplicate submission find the first campaign instead of creating a second one,
     * even when both arrive at the same moment; the request hash tells a replay from a reused key.
     */
    Created create(CampaignRequest request, Caller caller, String idempotencyKey) {
        CampaignAccess.requireCreate(caller, request.issuingAgencyId());
        String id;
        String hash = null;
        if (idempotencyKey != null) {
            id = idempotentId(caller, idempotencyKey);
            hash = hash(request);
            Campaign earlier = mongo.findById(id, Campaign.class, COLLECTION);
            if (earlier != null) {
                return replay(earlier, hash);
            }
        } else {
            id = "cmp-" + UUID.randomUUID();
        }
        CampaignValidation.Validated valid = validation.validate(request);
        requireEventFits(id, request.issuingAgencyId(), 1, valid);
        Campaign campaign = Campaign.draft(id, request.issuingAgencyId(), valid.content(), valid.planTaskId(),
                caller.userId(), clock.instant());
        if (idempotencyKey != null) {
            campaign.rememberIdempotencyKey(idempotencyKey, hash);
        }
        try {
            outbox.insert(campaign, COLLECTION, List.of());
        } catch (DuplicateKeyException e) {
            return replay(mongo.findById(id, Campaign.class, COLLECTION), hash);
        }
        return new Created(campaign, false);
    }

    /**
     * Checks {@code request} by every rule of a create (400 {@code validation-failed} with all field problems) without
     * storing anything, and answers the cleaned content: templates hold what a campaign would.
     */
    public Campaign.Content check(CampaignRequest request) {
        CampaignValidation.Validated valid = validation.validate(request);
        requireEventFits("cmp-check", request.issuingAgencyId(), 1, valid);
        return valid.content();
    }

    /** A draft of the caller's making from a template or a copy: the rules of {@link #create}, the origin recorded. */
    public Campaign createDraft(CampaignRequest request, Caller caller, Campaign.Origin origin) {
        CampaignAccess.requireCreate(caller, request.issuingAgencyId());
        return insertDraft("cmp-" + UUID.randomUUID(), request, caller.userId(), origin, null, null)
                .orElseThrow(() -> new IllegalStateException("random campaign id taken"));
    }

    /**
     * The draft with this deterministic id, written by the system for {@code author} (a recurring template's owner),
     * unless a draft with that id exists already: the unique {@code _id} makes the occurrence happen once, whichever
     * instance gets there first. Empty when it existed.
     */
    public java.util.Optional<Campaign> createDraftOnce(String id, CampaignRequest request, String author,
                                                       Campaign.Origin origin) {
        if (mongo.exists(Query.query(Criteria.where("_id").is(id)), COLLECTION)) {
            return java.util.Optional.empty();
        }
        return insertDraft(id, request, author, origin, null, null);
    }

    private java.util.Optional<Campaign> insertDraft(String id, CampaignRequest request, String author,
                                                     Campaign.Origin origin, String idempotencyKey, String hash) {
        CampaignValidation.Validated valid = validation.validate(request);
        requireEventFits(id, request.issuingAgencyId(), 1, valid);
        Campaign campaign = Campaign.draft(id, request.issuingAgencyId(), valid.content(), valid.planTaskId(), origin,
                author, clock.instant());
        if (idempotencyKey != null) {
            campaign.rememberIdempotencyKey(idempotencyKey, hash);
        }
        try {
            outbox.insert(campaign, COLLECTION, List.of());
        } catch (DuplicateKeyException e) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(campaign);
    }

    /**
     * "Copy last year's": a new draft of the caller's agency with the original's content, the window moved by whole
     * years (or to the given dates). The caller must read the original (404 otherwise) and be an officer of an agency.
     * With an Idempotency-Key it works as {@link #create} does (the same id from user and key; the hash of the original's
     * id and the body tells a replay from a reused key), so a retried copy finds the first draft.
     */
    Created copy(String id, CampaignCopies.CopyRequest body, Caller caller, String idempotencyKey) {
        Campaign original = get(id, caller);
        CampaignAction.COPY.requireAccess(caller, original);
        CampaignCopies.CopyRequest b = body == null ? new CampaignCopies.CopyRequest(null, null, null) : body;
        String draftId = idempotencyKey == null ? "cmp-" + UUID.randomUUID() : idempotentId(caller, idempotencyKey);
        String hash = idempotencyKey == null ? null : hash(new CopyOf(original.getId(), b));
        if (idempotencyKey != null) {
            Campaign earlier = mongo.findById(draftId, Campaign.class, COLLECTION);
            if (earlier != null) {
                return replay(earlier, hash);
            }
        }
        CampaignCopies.Copy copy = CampaignCopies.of(original, b, caller.agencyId(),
                java.time.LocalDate.now(clock.withZone(CampaignEvents.ZONE)));
        return insertDraft(draftId, copy.request(), caller.userId(),
                new Campaign.Origin("copy", original.getId(), null, copy.dropped()), idempotencyKey, hash)
                .map(c -> new Created(c, false))
                // the same key at the same moment: the other request's draft won the unique _id
                .orElseGet(() -> replay(mongo.findById(draftId, Campaign.class, COLLECTION), hash));
    }

    /** What a copy's Idempotency-Key stands for: this original, this body. */
    private record CopyOf(String originalId, CampaignCopies.CopyRequest body) {
    }

    /** The campaign id an Idempotency-Key stands for: one per user and key, whichever create endpoint it was sent to. */
    private static String idempotentId(Caller caller, String idempotencyKey) {
        return "cmp-" + UUID.nameUUIDFromBytes((caller.userId() + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * 400 {@code validation-failed} with a {@code too-large} field problem when the CampaignScheduled this content
     * would publish does not fit {@code govcomm.campaigns.max-event-bytes} (Kafka's 1 MB record limit minus
     * headroom): refused when written, not found out at approval or by the relay.
     */
    private void requireEventFits(String id, String issuingAgencyId, int version, CampaignValidation.Validated valid) {
        List<FieldProblem> oversized = events.oversized(id, issuingAgencyId, version, valid.content(),
                valid.resolvedTargets(), maxEventBytes);
        if (!oversized.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed",
                    "Dữ liệu không hợp lệ. / The request has invalid fields.", oversized);
        }
    }

    private static Created replay(Campaign earlier, String hash) {
        if (!hash.equals(earlier.getRequestHash())) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
                    "Idempotency-Key này đã dùng cho một yêu cầu khác. / This Idempotency-Key was used for a different request.",
                    List.of(new FieldProblem("Idempotency-Key", "idempotency-key-reused",
                            "Khóa đã được dùng với nội dung khác", "The key was already used with a different body")));
        }
        return new Created(earlier, true);
    }

    private String hash(Object request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(request));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The campaign if the caller may see it; otherwise 404, so other agencies cannot probe for ids. */
    public Campaign get(String id, Caller caller) {
        Campaign campaign = mongo.findById(id, Campaign.class, COLLECTION);
        if (campaign == null || !CampaignAccess.canRead(caller, campaign, tenancy)) {
            throw new ApiProblem(HttpStatus.NOT_FOUND, "campaign-not-found",
                    "Không tìm thấy chiến dịch " + id + ". / Campaign " + id + " not found.");
        }
        return campaign;
    }

    /**
     * The campaign as answered to {@code caller}: with what it may do now ({@link CampaignAction#allowed}, then what
     * other features carry out on it: {@link CampaignActionSource}).
     */
    public Campaign forCaller(Campaign c, Caller caller) {
        List<String> actions = new ArrayList<>(CampaignAction.allowed(caller, c));
        moreActions.orderedStream().forEach(source -> actions.addAll(source.allowed(caller, c)));
        return c.withAllowedActions(actions);
    }

    /**
     * The indexes of the campaign list and the campaign clock (real MongoDB; the embedded store plans only with
     * unique ones): an agency's campaigns newest first, with or without a status ({@link #list}); everybody's newest
     * first (an admin's list); the clock's SCHEDULED campaigns by publishAt and RUNNING ones by window end
     * ({@link #advanceByClock()}).
     */
    @EventListener(ApplicationReadyEvent.class)
    public void createIndexes() {
        IndexOperations indexes = mongo.indexOps(COLLECTION);
        indexes.createIndex(new Index().on("issuingAgencyId", Sort.Direction.ASC).on("createdAt", Sort.Direction.DESC)
                .named("issuer_newest"));
        indexes.createIndex(new Index().on("issuingAgencyId", Sort.Direction.ASC).on("status", Sort.Direction.ASC)
                .on("createdAt", Sort.Direction.DESC).named("issuer_status_newest"));
        indexes.createIndex(new Index().on("createdAt", Sort.Direction.DESC).named("newest"));
        indexes.createIndex(new Index().on("status", Sort.Direction.ASC).on("publishAt", Sort.Direction.ASC)
                .named("clock_start"));
        indexes.createIndex(new Index().on("status", Sort.Direction.ASC).on("window.endsAt", Sort.Direction.ASC)
                .named("clock_end"));
    }

    List<Campaign> list(Caller caller, CampaignStatus status, String planTaskId) {
        Query query = new Query().with(Sort.by(Sort.Direction.DESC, "createdAt")).limit(200);
        Tenancy.Scope scope = tenancy.scope(caller);
        if (!scope.all()) {
            List<String> issuers = new ArrayList<>(scope.agencyIds());
            if (caller.agencyId() != null && !issuers.contains(caller.agencyId())) {
                issuers.add(caller.agencyId());
            }
            if (issuers.isEmpty()) {
                return List.of();
            }
            query.addCriteria(issuers.size() == 1 ? Criteria.where("issuingAgencyId").is(issuers.getFirst())
                    : Criteria.where("issuingAgencyId").in(issuers));
        }
        if (status != null) {
            query.addCriteria(Criteria.where("status").is(status));
        }
        if (planTaskId != null) {
            query.addCriteria(Criteria.where("planTaskId").is(planTaskId));
        }
        return mongo.find(query, Campaign.class, COLLECTION);
    }

    /**
     * Edits the content if the caller saw the current version ({@code expectedVersion} from If-Match). A draft
     * or rejected campaign is simply changed; an approved one (SCHEDULED or RUNNING) gets its next notice version
     * and goes back to SUBMITTED for re-approval, while the approved version stays published.
     */
    Campaign update(String id, CampaignRequest request, Caller caller, long expectedVersion) {
        Campaign c = get(id, caller);
        CampaignAction.EDIT.requireAccess(caller, c);
        if (c.getVersion() != expectedVersion) {
            throw versionMismatch(c.getVersion());
        }
        if (request.issuingAgencyId() != null && !request.issuingAgencyId().equals(c.getIssuingAgencyId())) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed",
                    "Dữ liệu không hợp lệ. / The request has invalid fields.", List.of(new FieldProblem(
                    "issuingAgencyId", "immutable", "Không thể đổi cơ quan ban hành", "The issuing agency cannot change")));
        }
        CampaignStatus from = c.getStatus();
        boolean live = from == CampaignStatus.SCHEDULED || from == CampaignStatus.RUNNING;
        CampaignAction.EDIT.requireState(c);
        CampaignValidation.Validated valid = validation.validate(request);
        requireEventFits(c.getId(), c.getIssuingAgencyId(), c.getApprovedVersion() + 1, valid);
        Instant now = clock.instant();
        long expected = c.edit(valid.content(), valid.planTaskId(), caller.userId(), caller.displayName(), now);
        List<OutgoingEvent> out = new ArrayList<>();
        if (live) {
            c.transition(CampaignStatus.SUBMITTED, new Campaign.Decision("submitted", caller.userId(), caller.displayName(),
                    "Sửa nội dung sau phê duyệt, chờ phê duyệt lại / edited after approval, awaiting re-approval",
                    List.of(), now), now);
            out.add(events.transitioned(c, "submitted", from, caller.userId(), caller.displayName(), null, List.of(), now));
        }
        write(c, expected, out, true);
        return c;
    }

    Campaign submit(String id, Caller caller) {
        Campaign c = get(id, caller);
        CampaignAction.SUBMIT.requireAccess(caller, c);
        CampaignAction.SUBMIT.requireState(c);
        validation.requireTargetsInProvince(c);
        return apply(c, CampaignStatus.SUBMITTED, "submitted", caller, null, List.of(), null);
    }

    /** Approval by an approver of the issuing agency other than the author; an approved campaign is scheduled at once. */
    Campaign approve(String id, Caller caller, String comment) {
        Campaign c = get(id, caller);
        CampaignAction.APPROVE.requireAccess(caller, c);
        CampaignAction.APPROVE.requireState(c);
        String cleanComment = comment(comment);
        List<Campaign.Target> resolved = validation.resolveForApproval(c);
        List<FieldProblem> oversized = events.oversized(c.getId(), c.getIssuingAgencyId(), c.getNoticeVersion(),
                c.content(), resolved, maxEventBytes);
        if (!oversized.isEmpty()) {
            // Checked at create and edit already; only a directory that grew since (a group with many more
            // members) gets here. Publishing it would fail at the broker and block the campaign's outbox.
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "no-longer-valid",
                    "Chiến dịch quá lớn để phát hành, cần sửa trước khi phê duyệt. / The campaign is too large to "
                            + "publish; it must be edited before it can be approved.", oversized);
        }
        return apply(c, CampaignStatus.APPROVED, "approved", caller, cleanComment, List.of(), resolved);
    }

    Campaign reject(String id, Caller caller, List<String> reasons) {
        Campaign c = get(id, caller);
        CampaignAction.REJECT.requireAccess(caller, c);
        CampaignAction.REJECT.requireState(c);
        List<String> clean = reasons == null ? List.of() : reasons.stream()
                .filter(r -> r != null && !r.isBlank()).map(String::strip).toList();
        if (clean.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed", "Cần nêu lý do. / Reasons are required.",
                    List.of(new FieldProblem("reasons", "required", "Cần nêu lý do từ chối", "Give the reasons")));
        }
        TextHygiene text = new TextHygiene();
        List<String> normalised = text.lines("reasons", clean);
        tooLongOrInvalid(text.problems(), normalised, "reasons", 1000);
        return apply(c, CampaignStatus.REJECTED, "rejected", caller, null, normalised, null);
    }

    /** Cancels; the publisher retracts what can be retracted when it sees CampaignCancelled. */
    Campaign cancel(String id, Caller caller, String reason) {
        Campaign c = get(id, caller);
        CampaignAction.CANCEL.requireAccess(caller, c);
        CampaignAction.CANCEL.requireState(c);
        return apply(c, CampaignStatus.CANCELLED, "cancelled", caller, comment(reason), List.of(), null);
    }

    /** Clock-driven transitions: SCHEDULED → RUNNING at publishAt, RUNNING → COMPLETED after the window. */
    @Scheduled(fixedDelayString = "${govcomm.campaigns.clock-interval:1s}")
    public void advanceByClock() {
        Instant now = clock.instant();
        for (Campaign c : mongo.find(Query.query(Criteria.where("status").is(CampaignStatus.SCHEDULED)
                .and("publishAt").lte(now)), Campaign.class, COLLECTION)) {
            tryApply(c, CampaignStatus.RUNNING, "started");
        }
        for (Campaign c : mongo.find(Query.query(Criteria.where("status").is(CampaignStatus.RUNNING)
                .and("window.endsAt").lte(now)), Campaign.class, COLLECTION)) {
            tryApply(c, CampaignStatus.COMPLETED, "completed");
        }
    }

    private void tryApply(Campaign c, CampaignStatus next, String type) {
        try {
            apply(c, next, type, "system", null, null, List.of(), null);
        } catch (ApiProblem e) {
            // someone (e.g. a cancel or an edit) changed it meanwhile; the next tick sees the new state
        }
    }

    private Campaign apply(Campaign c, CampaignStatus next, String type, Caller caller, String comment,
                           List<String> reasons, List<Campaign.Target> approvedTargets) {
        return apply(c, next, type, caller.userId(), caller.displayName(), comment, reasons, approvedTargets);
    }

    /** {@code actorName}: the user's display name as the caller token carried it, or null (system, no name). */
    private Campaign apply(Campaign c, CampaignStatus next, String type, String actor, String actorName, String comment,
                           List<String> reasons, List<Campaign.Target> approvedTargets) {
        Instant now = clock.instant();
        CampaignStatus from = c.getStatus();
        long expected = c.transition(next, new Campaign.Decision(type, actor, actorName, comment, reasons, now), now);
        List<OutgoingEvent> out = new ArrayList<>();
        out.add(events.transitioned(c, type, from, actor, actorName, comment, reasons, now));
        if (approvedTargets != null) {
            c.approveContent(approvedTargets, actor, actorName, comment, now);
            c.transition(CampaignStatus.SCHEDULED, null, now);
            out.add(events.scheduled(c, now));
        }
        write(c, expected, out, false);
        return c;
    }

    private void write(Campaign c, long expected, List<OutgoingEvent> out, boolean preconditionFailed) {
        try {
            // A CampaignScheduled carries the whole approved campaign: once it is published, the events of the
            // campaign the relay quarantined before it (e.g. a version too large to send) are resolved.
            outbox.update(c, expected, COLLECTION, out, event -> EventTypes.CAMPAIGN_SCHEDULED.equals(event.type()));
        } catch (OptimisticLockingFailureException e) {
            if (preconditionFailed) {
                throw versionMismatch(-1);
            }
            throw new ApiProblem(HttpStatus.CONFLICT, "concurrent-change",
                    "Chiến dịch vừa được người khác thay đổi, vui lòng tải lại. / The campaign was changed meanwhile; reload it.");
        }
        if (!out.isEmpty()) {
            relay.nudge();
        }
    }

    static ApiProblem versionMismatch(long current) {
        String now = current < 0 ? "" : " (hiện tại/current " + current + ")";
        return new ApiProblem(HttpStatus.PRECONDITION_FAILED, "version-mismatch",
                "Chiến dịch đã được thay đổi từ lần tải trước" + now + ", vui lòng tải lại. / The campaign changed since"
                        + " you loaded it" + now + "; reload it.");
    }

    private static String comment(String comment) {
        if (comment == null || comment.isBlank()) {
            return null;
        }
        TextHygiene text = new TextHygiene();
        String clean = text.text("comment", comment.strip());
        tooLongOrInvalid(text.problems(), clean == null ? List.of() : List.of(clean), "comment", 4000);
        return clean;
    }

    private static void tooLongOrInvalid(List<FieldProblem> problems, List<String> values, String field, int max) {
        List<FieldProblem> all = new ArrayList<>(problems);
        for (String v : values) {
            if (v != null && v.length() > max) {
                all.add(new FieldProblem(field, "too-long", "Tối đa " + max + " ký tự", "At most " + max + " characters"));
            }
        }
        if (!all.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed",
                    "Dữ liệu không hợp lệ. / The request has invalid fields.", all);
        }
    }
}
