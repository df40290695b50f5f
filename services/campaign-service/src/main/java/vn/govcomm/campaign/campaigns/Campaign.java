package vn.govcomm.campaign.campaigns;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A communication campaign: one notice, published by many agencies on their channels within a window.
 * State changes happen through the methods below; {@link CampaignManagement} stores them together with their
 * events (embedded outbox).
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
    private Window window;
    private Instant publishAt;
    private String priority;
    private LedSchedule ledSchedule;
    private List<String> observers;
    private CampaignStatus status;
    private int noticeVersion;
    private String createdBy;
    private Instant createdAt;
    private Instant updatedAt;
    private List<Decision> decisions = new ArrayList<>();

    public record Notice(String title, String summary, String bodyHtml, String ledText, String facebookText,
                         ZaloArticle zaloArticle, List<Attachment> attachments) {
    }

    public record ZaloArticle(String title, String author, String description, String coverUrl) {
    }

    public record Attachment(String name, String mediaType, String url, Long sizeBytes) {
    }

    public record Target(String agencyId, List<String> channels) {
    }

    public record Window(Instant startsAt, Instant endsAt) {
    }

    public record LedSchedule(Integer repeatEveryMinutes, Integer durationSec, List<OpeningHours> openingHours) {
    }

    public record OpeningHours(List<String> days, String from, String to) {
    }

    /** Who did what to the campaign and why (submit, approve, reject, cancel). */
    public record Decision(String action, String actor, String comment, List<String> reasons, Instant at) {
    }

    protected Campaign() {
    }

    public static Campaign draft(String id, String code, String issuingAgencyId, List<String> legalReferences,
                                 Notice notice, List<Target> targets, Window window, Instant publishAt, String priority,
                                 LedSchedule ledSchedule, List<String> observers, String createdBy, Instant now) {
        Campaign c = new Campaign();
        c.id = id;
        c.version = 1;
        c.code = code;
        c.issuingAgencyId = issuingAgencyId;
        c.legalReferences = legalReferences;
        c.notice = notice;
        c.targets = targets;
        c.window = window;
        c.publishAt = publishAt;
        c.priority = priority;
        c.ledSchedule = ledSchedule;
        c.observers = observers;
        c.status = CampaignStatus.DRAFT;
        c.noticeVersion = 1;
        c.createdBy = createdBy;
        c.createdAt = now;
        c.updatedAt = now;
        return c;
    }

    /** Moves to {@code next}, recording the decision; returns the version the stored document must still have. */
    long transition(CampaignStatus next, Decision decision, Instant now) {
        long expected = version;
        status = next;
        if (decision != null) {
            decisions.add(decision);
        }
        updatedAt = now;
        version = expected + 1;
        return expected;
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

    public CampaignStatus getStatus() {
        return status;
    }

    public int getNoticeVersion() {
        return noticeVersion;
    }

    public String getCreatedBy() {
        return createdBy;
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
}
