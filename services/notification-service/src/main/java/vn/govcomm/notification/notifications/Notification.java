package vn.govcomm.notification.notifications;

import org.springframework.data.annotation.Id;

import java.time.Instant;
import java.util.List;

/**
 * One notification to one recipient: an agency's mailbox (reminder, escalation, news), the issuing agency's
 * (escalation summary) or an observer's address (copy). The document is the record of what was sent and the
 * aggregate whose outcome event leaves through the outbox.
 * <p>
 * Life: QUEUED → SENDING (claimed with a lease, written before the SMTP call) → SENT | FAILED, or RETRYING (the
 * relay could not take it now; {@code nextAt} = when to try again) → SENDING …; CANCELLED: a reminder of a
 * cancelled campaign that had not gone out.
 */
public class Notification {

    public enum Kind { REMINDER, ESCALATION, OBSERVER_COPY, SUBMITTED, APPROVED, REJECTED }

    /** Who reads it, which decides the letter: a target agency, the issuing agency, or an observer. */
    public enum Audience { AGENCY, ISSUER, OBSERVER }

    public enum State { QUEUED, SENDING, RETRYING, SENT, FAILED, CANCELLED }

    /** An agency that had not complied when a summary was written, and where. */
    public record Shortfall(String agencyId, List<String> channels) {
    }

    @Id
    private String id;
    private long version;
    private String campaignId;
    private String campaignCode;
    private String campaignTitle;
    private String issuingAgencyId;
    private Instant deadline;
    private Kind kind;
    private Audience audience;
    private String recipientAgencyId;
    private List<String> recipients;
    /** The round's due time; for news, when the transition happened. */
    private Instant dueAt;
    private String roundId;
    /** Rounds: days from the deadline's date to the round's (negative before). */
    private Integer daysFromDeadline;
    private List<String> missingChannels;
    private List<Shortfall> shortfalls;
    private String actor;
    /** The actor's display name as the transition carried it (contract {@code actorName}); null: show {@link #actor}. */
    private String actorName;
    private String comment;
    private List<String> reasons;
    private State state;
    private String outcome;
    private String reason;
    private String subject;
    private String messageId;
    private int attempts;
    private Instant nextAt;
    private String owner;
    private String lastError;
    private Instant createdAt;
    private Instant sentAt;
    private Instant completedAt;

    Notification() {
    }

    /** A notification to queue; {@link Notifications#queue} gives it its id, subject and state. */
    public static Notification draft(Kind kind, Audience audience, String campaignId, String recipientAgencyId,
                                     Instant dueAt) {
        Notification n = new Notification();
        n.kind = kind;
        n.audience = audience;
        n.campaignId = campaignId;
        n.recipientAgencyId = recipientAgencyId;
        n.dueAt = dueAt;
        n.recipients = List.of();
        n.missingChannels = List.of();
        n.shortfalls = List.of();
        n.reasons = List.of();
        return n;
    }

    public Notification campaign(String code, String title, String issuingAgencyId, Instant deadline) {
        this.campaignCode = code;
        this.campaignTitle = title;
        this.issuingAgencyId = issuingAgencyId;
        this.deadline = deadline;
        return this;
    }

    public Notification round(String roundId, int daysFromDeadline) {
        this.roundId = roundId;
        this.daysFromDeadline = daysFromDeadline;
        return this;
    }

    public Notification missing(List<String> channels) {
        this.missingChannels = List.copyOf(channels);
        return this;
    }

    public Notification shortfalls(List<Shortfall> shortfalls) {
        this.shortfalls = List.copyOf(shortfalls);
        return this;
    }

    public Notification to(List<String> addresses) {
        this.recipients = List.copyOf(addresses);
        return this;
    }

    public Notification news(String actor, String actorName, String comment, List<String> reasons) {
        this.actor = actor;
        this.actorName = actorName;
        this.comment = comment;
        this.reasons = reasons == null ? List.of() : List.copyOf(reasons);
        return this;
    }

    void queued(String id, String subject, Instant now) {
        this.id = id;
        this.subject = subject;
        this.state = State.QUEUED;
        this.nextAt = now;
        this.createdAt = now;
        this.version = 0;
    }

    void sent(String to, String messageId, Instant now) {
        this.recipients = List.of(to);
        this.messageId = messageId;
        finish(State.SENT, null, now);
        this.sentAt = now;
    }

    void failed(String reason, Instant now) {
        finish(State.FAILED, reason, now);
    }

    void retryAt(Instant at, String error) {
        this.state = State.RETRYING;
        this.nextAt = at;
        this.lastError = error;
        this.owner = null;
        this.version++;
    }

    private void finish(State state, String reason, Instant now) {
        this.state = state;
        this.outcome = state.name();
        this.reason = reason;
        this.completedAt = now;
        this.nextAt = null;
        this.owner = null;
        this.version++;
    }

    void recipientsAre(List<String> addresses) {
        this.recipients = List.copyOf(addresses);
    }

    void messageIdIs(String messageId) {
        this.messageId = messageId;
    }

    public String id() { return id; }
    public long version() { return version; }
    public String campaignId() { return campaignId; }
    public String campaignCode() { return campaignCode; }
    public String campaignTitle() { return campaignTitle; }
    public String issuingAgencyId() { return issuingAgencyId; }
    public Instant deadline() { return deadline; }
    public Kind kind() { return kind; }
    public Audience audience() { return audience; }
    public String recipientAgencyId() { return recipientAgencyId; }
    public List<String> recipients() { return recipients == null ? List.of() : recipients; }
    public Instant dueAt() { return dueAt; }
    public String roundId() { return roundId; }
    public Integer daysFromDeadline() { return daysFromDeadline; }
    public List<String> missingChannels() { return missingChannels == null ? List.of() : missingChannels; }
    public List<Shortfall> shortfalls() { return shortfalls == null ? List.of() : shortfalls; }
    public String actor() { return actor; }
    public String actorName() { return actorName; }
    public String comment() { return comment; }
    public List<String> reasons() { return reasons == null ? List.of() : reasons; }
    public State state() { return state; }
    public String outcome() { return outcome; }
    public String reason() { return reason; }
    public String subject() { return subject; }
    public String messageId() { return messageId; }
    public int attempts() { return attempts; }
    public Instant nextAt() { return nextAt; }
    public String lastError() { return lastError; }
    public Instant createdAt() { return createdAt; }
    public Instant sentAt() { return sentAt; }
    public Instant completedAt() { return completedAt; }
}
