package vn.govcomm.manual.tasks;

import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import vn.govcomm.contracts.events.Attachment;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.kit.events.PoisonEventException;
import vn.govcomm.kit.web.ApiProblem;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * The tasks (collection {@value #COLLECTION}, one document per delivery, id = deliveryId) and every change of their
 * state. Submissions and reviews are compare-and-sets on (id, state, version), so of two racing reviewers exactly
 * one wins and the other gets 409; a new attempt of the delivery (an officer's re-send) starts the task over at
 * AWAITING_CONFIRMATION and keeps the evidence history.
 */
@Component
public class ManualTasks {

    public static final String COLLECTION = "manual_tasks";
    /** Dates people give (publishedOn) and read (deadlines) are Vietnamese dates. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

    /** What an HTTP caller tried to do to a task, for the 409 it gets in a state that does not allow it. */
    public enum Action { SUBMIT_EVIDENCE, REVIEW }

    /** What {@link #open} did. */
    enum Opened { CREATED, RESTARTED, UNCHANGED }

    private final MongoTemplate mongo;
    private final TaskStatuses statuses;
    private final TaskMetrics metrics;
    private final Clock clock = Clock.systemUTC();

    ManualTasks(MongoTemplate mongo, TaskStatuses statuses, TaskMetrics metrics) {
        this.mongo = mongo;
        this.statuses = statuses;
        this.metrics = metrics;
        var indexes = mongo.indexOps(COLLECTION);
        indexes.createIndex(new Index().on("agencyId", Sort.Direction.ASC).on("state", Sort.Direction.ASC)
                .on("deadline", Sort.Direction.ASC).named("by_agency"));
        indexes.createIndex(new Index().on("issuingAgencyId", Sort.Direction.ASC).on("state", Sort.Direction.ASC)
                .on("deadline", Sort.Direction.ASC).named("by_issuer"));
        indexes.createIndex(new Index().on("campaignId", Sort.Direction.ASC).named("by_campaign"));
        indexes.createIndex(new Index().on("state", Sort.Direction.ASC).named("by_state"));
        indexes.createIndex(new Index().on(TaskStatuses.UNREPORTED + ".at", Sort.Direction.ASC).sparse()
                .named("unreported"));
    }

    /**
     * Opens the task of a newly requested delivery, or starts it over for a new attempt (evidence kept). A request
     * for an attempt the task already has changes nothing.
     */
    Opened open(DeliveryRequested request) {
        Instant now = clock.instant();
        Document fields = fields(request);
        Document doc = new Document("_id", request.deliveryId());
        doc.putAll(fields);
        doc.append("state", TaskState.AWAITING_CONFIRMATION.name()).append("attempt", request.attempt())
                .append("version", 1L).append("evidence", List.of()).append("createdAt", Date.from(now))
                .append("updatedAt", Date.from(now)).append("stateChangedAt", Date.from(now));
        try {
            mongo.insert(doc, COLLECTION);
            metrics.opened();
            return Opened.CREATED;
        } catch (DuplicateKeyException exists) {
            Update restart = new Update();
            fields.forEach(restart::set);
            restart.set("state", TaskState.AWAITING_CONFIRMATION.name()).set("attempt", request.attempt())
                    .set("updatedAt", Date.from(now)).set("stateChangedAt", Date.from(now)).inc("version", 1)
                    .unset("windowEndedAt").unset("cancelReason").unset("cancelledAt");
            boolean restarted = mongo.updateFirst(Query.query(Criteria.where("_id").is(request.deliveryId())
                    .and("attempt").lt(request.attempt())), restart, COLLECTION).getModifiedCount() > 0;
            if (restarted) {
                metrics.opened();
            }
            return restarted ? Opened.RESTARTED : Opened.UNCHANGED;
        }
    }

    public Optional<ManualTask> find(String deliveryId) {
        return Optional.ofNullable(mongo.findById(deliveryId, Document.class, COLLECTION)).map(ManualTasks::from);
    }

    /** A list filter; null fields do not filter (an admin's list without agency: every agency). */
    public record Filter(String agencyId, String issuingAgencyId, TaskState state, String campaignId, int limit) {
    }

    /** Tasks by deadline (soonest first), without the notice's text and attachments. */
    public List<ManualTask> list(Filter filter) {
        Criteria criteria = new Criteria();
        if (filter.agencyId() != null) {
            criteria.and("agencyId").is(filter.agencyId());
        }
        if (filter.issuingAgencyId() != null) {
            criteria.and("issuingAgencyId").is(filter.issuingAgencyId());
        }
        if (filter.state() != null) {
            criteria.and("state").is(filter.state().name());
        }
        if (filter.campaignId() != null) {
            criteria.and("campaignId").is(filter.campaignId());
        }
        Query query = Query.query(criteria).with(Sort.by("deadline", "_id")).limit(filter.limit());
        query.fields().exclude("notice.text").exclude("notice.summary").exclude("notice.attachments")
                .exclude(TaskStatuses.UNREPORTED);
        return mongo.find(query, Document.class, COLLECTION).stream().map(ManualTasks::from).toList();
    }

    /**
     * Adds evidence to the task as {@code seen} (AWAITING_CONFIRMATION or REJECTED) and moves it to AWAITING_REVIEW;
     * no delivery status (the stream stays ACCEPTED, or FAILED after a rejection, until a review). 409 if the task
     * changed since it was read.
     */
    public ManualTask submit(ManualTask seen, ManualTask.Evidence evidence) {
        if (!seen.state().takesEvidence()) {
            throw conflict(seen.state(), Action.SUBMIT_EVIDENCE);
        }
        Instant now = clock.instant();
        Document updated = compareAndSet(seen, new Update().push("evidence", toDocument(evidence))
                .set("state", TaskState.AWAITING_REVIEW.name()).set("stateChangedAt", Date.from(now))
                .set("updatedAt", Date.from(now)).inc("version", 1));
        if (updated == null) {
            throw conflict(current(seen), Action.SUBMIT_EVIDENCE);
        }
        metrics.evidenceSubmitted();
        return from(updated);
    }

    /**
     * Decides on the latest evidence of a task AWAITING_REVIEW: ACCEPT → ACCEPTED and PUBLISHED; REJECT → REJECTED
     * and FAILED {@code EVIDENCE_REJECTED} with the reviewer's words (the kit keeps a second FAILED of the same
     * attempt off the stream). 409 if the task changed since it was read (another reviewer was first).
     */
    public ManualTask review(ManualTask seen, Decision decision, String reason, String reviewer, String reviewerName) {
        if (seen.state() != TaskState.AWAITING_REVIEW || seen.latestEvidence().isEmpty()) {
            throw conflict(seen.state(), Action.REVIEW);
        }
        ManualTask.Evidence latest = seen.latestEvidence().get();
        Instant now = clock.instant();
        TaskStatuses.Report report = decision == Decision.ACCEPT ? statuses.published(seen, latest)
                : statuses.rejected(seen, reason);
        Document review = new Document("decision", decision.name()).append("reason", reason).append("by", reviewer)
                .append("at", Date.from(now));
        if (reviewerName != null) {
            review.append("byName", reviewerName);
        }
        Document updated = compareAndSet(seen, new Update()
                .set("evidence." + (seen.evidence().size() - 1) + ".review", review)
                .set("state", (decision == Decision.ACCEPT ? TaskState.ACCEPTED : TaskState.REJECTED).name())
                .set("stateChangedAt", Date.from(now)).set("updatedAt", Date.from(now)).inc("version", 1)
                .push(TaskStatuses.UNREPORTED, report.toDocument(now)));
        if (updated == null) {
            throw conflict(current(seen), Action.REVIEW);
        }
        metrics.reviewed(decision);
        ManualTask task = from(updated);
        statuses.sendQueued(task, report);
        return task;
    }

    /** CAMPAIGN_CANCELLED or SUPERSEDED: the task ends, whatever its state. Returns the task as it is now. */
    Optional<ManualTask> cancel(String deliveryId, String reason) {
        Instant now = clock.instant();
        mongo.updateFirst(Query.query(Criteria.where("_id").is(deliveryId).and("state").ne(TaskState.CANCELLED.name())),
                new Update().set("state", TaskState.CANCELLED.name()).set("cancelReason", reason)
                        .set("cancelledAt", Date.from(now)).set("stateChangedAt", Date.from(now))
                        .set("updatedAt", Date.from(now)).inc("version", 1), COLLECTION);
        return find(deliveryId);
    }

    /**
     * WINDOW_ENDED: noted, the task stays open. A late confirmation can still be accepted (PUBLISHED overtakes the
     * EXPIRED status), which is what reminders after the deadline ask agencies for. Not a change of state: a review
     * in progress is not made to fail by it.
     */
    Optional<ManualTask> windowEnded(String deliveryId) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(deliveryId).and("windowEndedAt").exists(false)),
                new Update().set("windowEndedAt", Date.from(clock.instant())), COLLECTION);
        return find(deliveryId);
    }

    public static ApiProblem conflict(TaskState state, Action action) {
        String vi = action == Action.REVIEW ? "duyệt minh chứng" : "gửi minh chứng";
        String en = action == Action.REVIEW ? "review evidence" : "submit evidence";
        String allowed = action == Action.REVIEW ? "AWAITING_REVIEW" : "AWAITING_CONFIRMATION, REJECTED";
        return new ApiProblem(HttpStatus.CONFLICT, "task-state-conflict",
                "Không thể " + vi + " khi nhiệm vụ ở trạng thái " + state + " (cần " + allowed + "); hãy tải lại. / Cannot "
                        + en + " while the task is " + state + " (needs " + allowed + "); reload it.");
    }

    private Document compareAndSet(ManualTask seen, Update update) {
        return mongo.findAndModify(Query.query(Criteria.where("_id").is(seen.deliveryId())
                        .and("state").is(seen.state().name()).and("version").is(seen.version())),
                update, FindAndModifyOptions.options().returnNew(true), Document.class, COLLECTION);
    }

    private TaskState current(ManualTask seen) {
        return find(seen.deliveryId()).map(ManualTask::state).orElse(seen.state());
    }

    private static Document fields(DeliveryRequested request) {
        if (request.window() == null || request.window().startsAt() == null || request.window().endsAt() == null) {
            throw new PoisonEventException("DeliveryRequested " + request.deliveryId() + " has no window");
        }
        Instant startsAt = instant(request, request.window().startsAt());
        Instant endsAt = instant(request, request.window().endsAt());
        Instant deadline = request.deadline() == null ? endsAt : instant(request, request.deadline());
        DeliveryRequested.Content content = request.content();
        List<Document> attachments = new ArrayList<>();
        if (content.attachments() != null) {
            for (Attachment a : content.attachments()) {
                attachments.add(new Document("name", a.name()).append("mediaType", a.mediaType()).append("url", a.url())
                        .append("sizeBytes", a.sizeBytes()));
            }
        }
        return new Document("campaignId", request.campaignId())
                .append("campaignCode", request.campaignCode())
                .append("agencyId", request.agencyId())
                .append("issuingAgencyId", request.issuingAgencyId())
                .append("endpointId", request.endpointId())
                .append("endpointName", request.endpointName())
                .append("kind", request.externalId())
                .append("priority", request.priority() == null ? null : request.priority().name())
                .append("notice", new Document("title", content.title()).append("text", content.text())
                        .append("summary", content.summary()).append("attachments", attachments))
                .append("window", new Document("startsAt", Date.from(startsAt)).append("endsAt", Date.from(endsAt))
                        .append("timeZone", request.window().timeZone()))
                .append("deadline", Date.from(deadline));
    }

    private static Instant instant(DeliveryRequested request, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException e) {
            throw new PoisonEventException("DeliveryRequested " + request.deliveryId() + " has an unreadable instant "
                    + value, e);
        }
    }

    static Document toDocument(ManualTask.Evidence e) {
        Document file = e.file() == null ? null : new Document("fileId", e.file().fileId()).append("name", e.file().name())
                .append("mediaType", e.file().mediaType()).append("sizeBytes", e.file().sizeBytes())
                .append("sha256", e.file().sha256());
        Document evidence = new Document("evidenceId", e.evidenceId()).append("attempt", e.attempt()).append("url", e.url())
                .append("note", e.note()).append("publishedOn", e.publishedOn().toString()).append("file", file)
                .append("submittedBy", e.submittedBy());
        if (e.submittedByName() != null) {
            evidence.append("submittedByName", e.submittedByName());
        }
        return evidence.append("submittedAt", Date.from(e.submittedAt())).append("review", null);
    }

    static ManualTask from(Document d) {
        Document notice = d.get("notice", Document.class);
        Document window = d.get("window", Document.class);
        List<ManualTask.Evidence> evidence = new ArrayList<>();
        for (Document e : d.getList("evidence", Document.class, List.of())) {
            Document file = e.get("file", Document.class);
            Document review = e.get("review", Document.class);
            evidence.add(new ManualTask.Evidence(e.getString("evidenceId"), e.getInteger("attempt", 1),
                    e.getString("url"), e.getString("note"), LocalDate.parse(e.getString("publishedOn")),
                    file == null ? null : new ManualTask.FileInfo(file.getString("fileId"), file.getString("name"),
                            file.getString("mediaType"), ((Number) file.get("sizeBytes")).longValue(),
                            file.getString("sha256")),
                    e.getString("submittedBy"), e.getString("submittedByName"), instant(e.getDate("submittedAt")),
                    review == null ? null : new ManualTask.Review(Decision.valueOf(review.getString("decision")),
                            review.getString("reason"), review.getString("by"), review.getString("byName"),
                            instant(review.getDate("at")))));
        }
        ManualTask.Notice noticeView = null;
        if (notice != null) {
            List<ManualTask.Attachment> attachments = notice.getList("attachments", Document.class, List.of()).stream()
                    .map(a -> new ManualTask.Attachment(a.getString("name"), a.getString("mediaType"), a.getString("url"),
                            a.get("sizeBytes") == null ? null : ((Number) a.get("sizeBytes")).longValue())).toList();
            noticeView = new ManualTask.Notice(notice.getString("title"), notice.getString("text"),
                    notice.getString("summary"), attachments);
        }
        return new ManualTask(d.getString("_id"), d.getString("campaignId"), d.getString("campaignCode"),
                d.getString("agencyId"), d.getString("issuingAgencyId"), d.getString("endpointId"),
                d.getString("endpointName"), d.getString("kind"), noticeView,
                window == null ? null : new ManualTask.Window(instant(window.getDate("startsAt")),
                        instant(window.getDate("endsAt")), window.getString("timeZone")),
                instant(d.getDate("deadline")), d.getString("priority"), TaskState.valueOf(d.getString("state")),
                d.getInteger("attempt", 1), ((Number) d.get("version")).longValue(), evidence,
                instant(d.getDate("createdAt")), instant(d.getDate("updatedAt")), instant(d.getDate("stateChangedAt")),
                instant(d.getDate("windowEndedAt")), d.getString("cancelReason"), instant(d.getDate("cancelledAt")));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
