package vn.govcomm.campaign.campaigns;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.ReadOnlyProperty;
import org.springframework.data.annotation.Transient;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.mapping.Field;
import vn.govcomm.campaign.attachments.FileLinks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A communication campaign: one notice, published by many agencies on their channels within a window.
 * State changes happen through the methods below; {@link CampaignManagement} stores them together with their
 * events (embedded outbox) in one single-document write guarded by {@code version}.
 * <p>
 * Versions: {@code version} is the document revision (the ETag). {@code noticeVersion} is the content version
 * the campaign is working on; {@code approvedVersion} the last approved one (0 before the first approval), whose
 * content is kept in {@code approvedVersions}. Editing an approved campaign makes {@code noticeVersion =
 * approvedVersion + 1} and sends it back for approval; the approved version stays published until then.
 */
@Document("campaigns")
public class Campaign {

    @Id
    private String id;
    private long version;
    private String code;
    private String issuingAgencyId;
    private List<String> legalReferences;
    private Notice notice;
    private List<Target> targets;
    /** Targets resolved to agency ids at the last approval (groups and hierarchies expanded). */
    private List<Target> resolvedTargets;
    private Window window;
    private Instant publishAt;
    private String priority;
    /** Optional; written even when null so that an edit removing it removes it (see {@link #planTaskId}). */
    @Field(write = Field.Write.ALWAYS)
    private LedSchedule ledSchedule;
    private List<String> observers;
    /** When target agencies must have published: the end of a day in Asia/Ho_Chi_Minh within the window. */
    private Instant deadline;
    private Reminders reminders;
    /**
     * The plan task ({@code <planId>-tNN}) this campaign carries out, if any. Not part of the published content. Written
     * even when null: the kit's OutboxWriter.update only {@code $set}s the fields the converter writes, so an edit that
     * unlinks the task must write the null.
     */
    @Field(write = Field.Write.ALWAYS)
    private String planTaskId;
    /** Where a draft came from when it was not written from scratch (a copy, a template, a recurrence). */
    private Origin origin;
    private CampaignStatus status;
    private int noticeVersion;
    private int approvedVersion;
    private String createdBy;
    private String lastEditedBy;
    private Instant createdAt;
    private Instant updatedAt;
    private String idempotencyKey;
    private String requestHash;
    private List<Decision> decisions = new ArrayList<>();
    private List<ApprovedVersion> approvedVersions = new ArrayList<>();
    /**
     * The files (pictures and attachments) of the content last approved, which anybody may download at their public
     * address while the campaign is not cancelled (attachments/PublicFiles reads this field). Stored only.
     */
    private List<String> publicFileIds;
    /**
     * Events of this campaign the outbox relay could never send (service-kit {@code OutboxRelay.QUARANTINE}). Written
     * by the relay only: read here, never written back with the campaign.
     */
    @ReadOnlyProperty
    private List<QuarantinedEvent> outboxQuarantine;
    /** What the caller of the API may do now ({@link CampaignAction#allowed}); set per answer, never stored. */
    @Transient
    private List<String> allowedActions;

    public record Notice(String title, String summary, String bodyHtml, String ledText, String facebookText,
                         ZaloArticle zaloArticle, List<Attachment> attachments) {
    }

    public record ZaloArticle(String title, String author, String description, String coverUrl) {
    }

    /** An uploaded file the notice refers to; {@code url} is where channels download it. */
    public record Attachment(String attachmentId, String name, String mediaType, String url, Long sizeBytes) {
    }

    /**
     * Exactly one of {@code agencyId} (one agency), {@code group} (e.g. "ubnd-cap-huyen": all district People's
     * Committees) or {@code descendantsOf} (every agency below one in the hierarchy) is set, or {@code province} alone
     * (every agency of the province). {@code province} next to a group or hierarchy: its members in that province only
     * (a provincial issuer's are stored so, said in the campaign as answered).
     */
    public record Target(String agencyId, String group, String descendantsOf, List<String> channels,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String province) {

        /** A target without a province (as written before provinces existed). */
        public Target(String agencyId, String group, String descendantsOf, List<String> channels) {
            this(agencyId, group, descendantsOf, channels, null);
        }

        static Target agency(String agencyId, List<String> channels) {
            return new Target(agencyId, null, null, channels, null);
        }
    }

    public record Window(Instant startsAt, Instant endsAt) {
    }

    /**
     * Days relative to the deadline on which agencies that have not complied are reminded (negative = before),
     * ascending, unique.
     */
    public record Reminders(List<Integer> offsetsDays) {

        /** What the contract means when a CampaignScheduled carries no reminders. */
        static final Reminders DEFAULT = new Reminders(List.of(-3, 0, 2));
    }

    public record LedSchedule(Integer repeatEveryMinutes, Integer durationSec, List<OpeningHours> openingHours) {
    }

    public record OpeningHours(List<String> days, String from, String to) {
    }

    /**
     * Who did what to the campaign and why (edit, submit, approve, reject, cancel, clock transitions).
     *
     * @param actor     the user id, or {@code system} for clock transitions: what rules compare
     * @param actorName the user's display name at the time, for people to read; null for the system, for a user the
     *                  identity provider gave no name, and in decisions recorded before names were kept (show the id)
     */
    public record Decision(String action, String actor, @JsonInclude(JsonInclude.Include.NON_NULL) String actorName,
                           String comment, List<String> reasons, Instant at) {
    }

    /**
     * The content as approved, one entry per approval (the versioned history of an approved campaign).
     * {@code approvedByName}: the approver's display name, null as {@link Decision#actorName} is.
     */
    public record ApprovedVersion(int version, Content content, List<Target> resolvedTargets, String approvedBy,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) String approvedByName,
                                  String comment, Instant approvedAt) {
    }

    /** An entry of the outbox quarantine, without the event itself (kept in the store for the operator). */
    public record QuarantinedEvent(String eventId, String type, String reason, String error, String message,
                                   Instant quarantinedAt, Integer recordBytes, Integer limitBytes) {
    }

    /**
     * Why the campaign is not (fully) published although approved: the first of its events that could never be sent.
     * Cleared once a later CampaignScheduled (an edit and a new approval) has been published.
     *
     * @param code      {@code publishing-failed}
     * @param reason    the relay's reason: {@code too-large}, {@code serialization}, {@code invalid-topic},
     *                  {@code invalid-record}, {@code invalid-event}
     * @param eventType the CloudEvents type that was not sent, e.g. {@code vn.govcomm.campaign.scheduled.v1}
     * @param since     when it was found unsendable
     * @param events    how many of the campaign's events wait in the quarantine
     * @param detail    the broker's or producer's own words (English)
     */
    public record PublishingProblem(String code, String reason, String eventType, String eventId, Instant since,
                                    int events, String messageVi, String messageEn, String repairVi, String repairEn,
                                    String detail) {

        static PublishingProblem of(List<QuarantinedEvent> quarantined) {
            QuarantinedEvent first = quarantined.stream()
                    .min(Comparator.comparing(QuarantinedEvent::quarantinedAt, Comparator.nullsLast(Comparator.naturalOrder())))
                    .orElseThrow();
            String vi;
            String en;
            if ("too-large".equals(first.reason())) {
                String sizes = first.recordBytes() == null ? "" : " (" + kilobytes(first.recordBytes()) + " / "
                        + kilobytes(first.limitBytes()) + ")";
                vi = "bản tin quá lớn so với giới hạn của hệ thống truyền tin" + sizes;
                en = "the event is larger than the message broker accepts" + sizes;
            } else {
                String error = first.error() == null ? "?" : first.error().substring(first.error().lastIndexOf('.') + 1);
                vi = "sự kiện không gửi được (" + error + ")";
                en = "the event cannot be sent (" + error + ")";
            }
            return new PublishingProblem("publishing-failed", first.reason(), first.type(), first.eventId(),
                    first.quarantinedAt(), quarantined.size(),
                    "Không thể phát hành: " + vi, "Cannot be published: " + en,
                    "Sửa chiến dịch (ví dụ rút gọn nội dung) rồi phê duyệt lại; khi phiên bản mới đã được gửi đi, cảnh báo này tự hết.",
                    "Edit the campaign (e.g. shorten the content) and approve it again; once the new version has been sent, "
                            + "this problem clears.",
                    first.message());
        }

        private static String kilobytes(Integer bytes) {
            return bytes == null ? "?" : ((bytes + 1023) / 1024) + " KB";
        }
    }

    /**
     * Where a draft came from.
     *
     * @param kind                   {@code copy} (of {@code sourceId}, a campaign), {@code template} (created from template
     *                               {@code sourceId} by an officer) or {@code recurrence} (by the recurrence scheduler)
     * @param occurrence             the occurrence date of a recurring template (ISO date), else null
     * @param droppedAttachmentIds   files of the source left out: they belong to another agency, and a file is only
     *                               ever attached to the campaigns of the agency that uploaded it
     */
    public record Origin(String kind, String sourceId, String occurrence, List<String> droppedAttachmentIds) {
    }

    /** Everything an officer edits. */
    public record Content(String code, List<String> legalReferences, Notice notice, List<Target> targets,
                          Window window, Instant publishAt, String priority, LedSchedule ledSchedule,
                          List<String> observers, Instant deadline, Reminders reminders) {
    }

    protected Campaign() {
    }

    static Campaign draft(String id, String issuingAgencyId, Content content, String planTaskId, String createdBy,
                          Instant now) {
        return draft(id, issuingAgencyId, content, planTaskId, null, createdBy, now);
    }

    static Campaign draft(String id, String issuingAgencyId, Content content, String planTaskId, Origin origin,
                          String createdBy, Instant now) {
        Campaign c = new Campaign();
        c.origin = origin;
        c.planTaskId = planTaskId;
        c.id = id;
        c.version = 1;
        c.issuingAgencyId = issuingAgencyId;
        c.setContent(content);
        c.status = CampaignStatus.DRAFT;
        c.noticeVersion = 1;
        c.approvedVersion = 0;
        c.createdBy = createdBy;
        c.lastEditedBy = createdBy;
        c.createdAt = now;
        c.updatedAt = now;
        return c;
    }

    void rememberIdempotencyKey(String key, String hash) {
        this.idempotencyKey = key;
        this.requestHash = hash;
    }

    /** Replaces the content; returns the version the stored document must still have. */
    long edit(Content content, String planTaskId, String actor, String actorName, Instant now) {
        long expected = version;
        List<String> changed = changedFields(content(), content);
        if (!Objects.equals(this.planTaskId, planTaskId)) {
            changed.add("planTaskId");
            this.planTaskId = planTaskId;
        }
        setContent(content);
        lastEditedBy = actor;
        if (approvedVersion > 0) {
            noticeVersion = approvedVersion + 1;
        }
        // The audit trail says what the edit touched, e.g. "notice.ledText, targets".
        decisions.add(new Decision("edited", actor, actorName, changed.isEmpty() ? "no change" : "changed: " + String.join(", ", changed),
                List.of(), now));
        updatedAt = now;
        version = expected + 1;
        return expected;
    }

    /** Records the approval of the current content as {@code noticeVersion}. */
    void approveContent(List<Target> resolved, String approver, String approverName, String comment, Instant now) {
        resolvedTargets = resolved;
        approvedVersion = noticeVersion;
        approvedVersions.add(new ApprovedVersion(noticeVersion, content(), resolved, approver, approverName, comment, now));
        publicFileIds = FileLinks.fileIds(notice.bodyHtml(), notice.attachments() == null ? List.of()
                : notice.attachments().stream().map(Attachment::attachmentId).toList());
    }

    /** Moves to {@code next}, recording the decision; returns the version the stored document must still have. */
    long transition(CampaignStatus next, Decision decision, Instant now) {
        long expected = version;
        status = next;
        if (next == CampaignStatus.CANCELLED) {
            // Withdrawn: its pictures and documents are no longer published (a file another campaign still
            // publishes stays reachable through that one).
            publicFileIds = List.of();
        }
        if (decision != null) {
            decisions.add(decision);
        }
        updatedAt = now;
        version = expected + 1;
        return expected;
    }

    private static List<String> changedFields(Content a, Content b) {
        List<String> changed = new ArrayList<>();
        BiConsumer<String, Function<Content, Object>> check = (name, f) -> {
            if (!Objects.equals(f.apply(a), f.apply(b))) {
                changed.add(name);
            }
        };
        check.accept("code", Content::code);
        check.accept("legalReferences", Content::legalReferences);
        check.accept("notice.title", c -> c.notice().title());
        check.accept("notice.summary", c -> c.notice().summary());
        check.accept("notice.bodyHtml", c -> c.notice().bodyHtml());
        check.accept("notice.ledText", c -> c.notice().ledText());
        check.accept("notice.facebookText", c -> c.notice().facebookText());
        check.accept("notice.zaloArticle", c -> c.notice().zaloArticle());
        check.accept("notice.attachments", c -> c.notice().attachments());
        check.accept("targets", Content::targets);
        check.accept("window", Content::window);
        check.accept("publishAt", Content::publishAt);
        check.accept("priority", Content::priority);
        check.accept("ledSchedule", Content::ledSchedule);
        check.accept("observers", Content::observers);
        check.accept("deadline", Content::deadline);
        check.accept("reminders", Content::reminders);
        return changed;
    }

    private void setContent(Content content) {
        code = content.code();
        legalReferences = content.legalReferences();
        notice = content.notice();
        targets = content.targets();
        window = content.window();
        publishAt = content.publishAt();
        priority = content.priority();
        ledSchedule = content.ledSchedule();
        observers = content.observers();
        deadline = content.deadline();
        reminders = content.reminders();
    }

    /** The content; campaigns stored before deadlines and reminders existed get the defaults (window end, DEFAULT). */
    Content content() {
        return new Content(code, legalReferences, notice, targets, window, publishAt, priority, ledSchedule, observers,
                getDeadline(), getReminders());
    }

    /** Targets the publisher gets: resolved at approval; before any approval, the plain agency targets. */
    List<Target> publishedTargets() {
        if (resolvedTargets != null && !resolvedTargets.isEmpty()) {
            return resolvedTargets;
        }
        return targets.stream().filter(t -> t.agencyId() != null).toList();
    }

    public String getId() {
        return id;
    }

    public long getVersion() {
        return version;
    }

    public String getCode() {
        return code;
    }

    public String getIssuingAgencyId() {
        return issuingAgencyId;
    }

    public List<String> getLegalReferences() {
        return legalReferences;
    }

    public Notice getNotice() {
        return notice;
    }

    public List<Target> getTargets() {
        return targets;
    }

    public List<Target> getResolvedTargets() {
        return resolvedTargets;
    }

    public Window getWindow() {
        return window;
    }

    public Instant getPublishAt() {
        return publishAt;
    }

    public String getPriority() {
        return priority;
    }

    public LedSchedule getLedSchedule() {
        return ledSchedule;
    }

    public List<String> getObservers() {
        return observers;
    }

    /** The deadline; the window end when none was set. */
    public Instant getDeadline() {
        return deadline != null || window == null ? deadline : window.endsAt();
    }

    public Reminders getReminders() {
        return reminders == null ? Reminders.DEFAULT : reminders;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public String getPlanTaskId() {
        return planTaskId;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public Origin getOrigin() {
        return origin;
    }

    /** Absent only where a campaign is shown outside an answer to a caller (never in this API's answers). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public List<String> getAllowedActions() {
        return allowedActions;
    }

    Campaign withAllowedActions(List<String> actions) {
        this.allowedActions = List.copyOf(actions);
        return this;
    }

    public CampaignStatus getStatus() {
        return status;
    }

    public int getNoticeVersion() {
        return noticeVersion;
    }

    public int getApprovedVersion() {
        return approvedVersion;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public String getLastEditedBy() {
        return lastEditedBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public List<Decision> getDecisions() {
        return decisions;
    }

    /** Null while every event of the campaign was sent (or waits to be). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public PublishingProblem getPublishingProblem() {
        return outboxQuarantine == null || outboxQuarantine.isEmpty() ? null : PublishingProblem.of(outboxQuarantine);
    }

    @JsonIgnore
    public List<ApprovedVersion> getApprovedVersions() {
        return approvedVersions;
    }

    @JsonIgnore
    String getIdempotencyKey() {
        return idempotencyKey;
    }

    @JsonIgnore
    String getRequestHash() {
        return requestHash;
    }
}
