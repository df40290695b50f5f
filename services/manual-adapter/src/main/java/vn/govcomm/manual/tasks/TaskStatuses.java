package vn.govcomm.manual.tasks;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.delivery.StatusReports.DeliveryRef;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The delivery statuses a task's state stands for, reported through the kit ({@link AdapterDeliveries}: one
 * compare-and-set that also fills the outbox of {@code delivery.status.manual}; duplicates and backward moves are
 * dropped there). A review is two writes (the task, then the delivery): the report is first queued on the task
 * ({@code unreported}, in the same write as the review) and taken off once the kit has it, so a crash in between
 * is repaired by {@link #sweep} (or by a redelivery of the request, {@link #resync}).
 */
@Component
class TaskStatuses {

    static final String AWAITING_CONFIRMATION = "MANUAL_AWAITING_CONFIRMATION";
    static final String EVIDENCE_REJECTED = "EVIDENCE_REJECTED";
    static final String UNREPORTED = "unreported";
    static final String CANCELLED_REASON =
            "Thông báo đã được thu hồi: không đăng nữa; nếu đã đăng/niêm yết, đề nghị gỡ xuống. / The notice was"
                    + " withdrawn: do not publish it; if it is already up, take it down.";
    static final String EXPIRED_REASON = "Đã hết thời gian đăng mà chưa có minh chứng được chấp nhận; cơ quan vẫn có thể"
            + " gửi minh chứng. / The window ended without accepted evidence; the agency can still submit it.";
    private static final Logger log = LoggerFactory.getLogger(TaskStatuses.class);
    private static final DateTimeFormatter VI = DateTimeFormatter.ofPattern("HH:mm 'ngày' dd/MM/yyyy");
    private static final DateTimeFormatter EN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final MongoTemplate mongo;
    private final AdapterDeliveries deliveries;
    private final TaskProperties properties;
    private final Clock clock = Clock.systemUTC();

    TaskStatuses(MongoTemplate mongo, AdapterDeliveries deliveries, TaskProperties properties) {
        this.mongo = mongo;
        this.deliveries = deliveries;
        this.properties = properties;
    }

    /** One status to report for one attempt; {@code id} names it in the task's queue. */
    record Report(String id, int attempt, DeliveryStatus status, String reasonCode, String reason, String externalRef,
                  String permalink) {

        Document toDocument(Instant at) {
            return new Document("id", id).append("attempt", attempt).append("status", status.name())
                    .append("reasonCode", reasonCode).append("reason", reason).append("externalRef", externalRef)
                    .append("permalink", permalink).append("at", Date.from(at));
        }

        static Report from(Document d) {
            return new Report(d.getString("id"), d.getInteger("attempt", 1), DeliveryStatus.valueOf(d.getString("status")),
                    d.getString("reasonCode"), d.getString("reason"), d.getString("externalRef"), d.getString("permalink"));
        }
    }

    /** The task is open: ACCEPTED, with what the agency must do in both languages. */
    Report awaitingConfirmation(ManualTask task) {
        return new Report(newId(), task.attempt(), DeliveryStatus.ACCEPTED, AWAITING_CONFIRMATION, instructions(task),
                null, null);
    }

    /** The evidence was rejected: FAILED with the reviewer's own words. */
    Report rejected(ManualTask task, String reason) {
        return new Report(newId(), task.attempt(), DeliveryStatus.FAILED, EVIDENCE_REJECTED, reason, null, null);
    }

    /** The evidence was accepted: PUBLISHED, linked to the evidence URL (else the console page of the task). */
    Report published(ManualTask task, ManualTask.Evidence evidence) {
        String permalink = evidence.url() != null ? evidence.url() : properties.consolePage(task.deliveryId());
        return new Report(newId(), task.attempt(), DeliveryStatus.PUBLISHED, null, null, evidence.evidenceId(), permalink);
    }

    /** What the task's state stands for (AWAITING_REVIEW: ACCEPTED, which the kit drops after a FAILED). */
    Optional<Report> implied(ManualTask task) {
        return switch (task.state()) {
            case AWAITING_CONFIRMATION, AWAITING_REVIEW -> Optional.of(awaitingConfirmation(task));
            case REJECTED -> task.latestEvidence().map(e -> rejected(task, e.review() == null ? null : e.review().reason()));
            case ACCEPTED -> task.latestEvidence().map(e -> published(task, e));
            case CANCELLED -> Optional.of(new Report(newId(), task.attempt(), DeliveryStatus.CANCELLED,
                    task.cancelReason(), CANCELLED_REASON, null, null));
        };
    }

    /** Reports through the kit; true if the delivery moved. */
    boolean send(ManualTask task, Report report) {
        return deliveries.report(new DeliveryRef(task.deliveryId(), task.campaignId(), task.agencyId(),
                task.endpointId(), report.attempt()), report.status(), report.reasonCode(), report.reason(),
                report.externalRef(), report.permalink());
    }

    /**
     * Reports a status queued on the task and takes it off the queue. A failure here does not undo the task's
     * change (it happened): the report stays queued for the sweep.
     */
    void sendQueued(ManualTask task, Report report) {
        try {
            send(task, report);
            mongo.updateFirst(Query.query(Criteria.where("_id").is(task.deliveryId())),
                    new Update().pull(UNREPORTED, new Document("id", report.id())), ManualTasks.COLLECTION);
        } catch (RuntimeException e) {
            log.warn("Status {} of task {} not reported yet ({}); the sweep will", report.status(), task.deliveryId(),
                    e.toString());
        }
    }

    /**
     * A redelivered request: sends what is still queued, then the status the task's state stands for. Whatever the
     * stream already shows is dropped by the kit, so this re-reports only what was lost.
     */
    void resync(ManualTask task) {
        Document doc = mongo.findById(task.deliveryId(), Document.class, ManualTasks.COLLECTION);
        if (doc != null) {
            for (Document queued : doc.getList(UNREPORTED, Document.class, List.of())) {
                sendQueued(task, Report.from(queued));
            }
        }
        implied(task).ifPresent(report -> send(task, report));
    }

    /** Reports left queued by a crash (older than the grace period, so reviews in progress are not raced). */
    @Scheduled(fixedDelayString = "${govcomm.manual.report-sweep-interval:30s}",
            initialDelayString = "${govcomm.manual.report-sweep-interval:30s}")
    void sweep() {
        Instant before = clock.instant().minus(properties.reportGrace());
        Query query = Query.query(Criteria.where(UNREPORTED + ".at").lt(Date.from(before)))
                .with(Sort.by("_id")).limit(200);
        for (Document doc : mongo.find(query, Document.class, ManualTasks.COLLECTION)) {
            ManualTask task = ManualTasks.from(doc);
            for (Document queued : doc.getList(UNREPORTED, Document.class, List.of())) {
                sendQueued(task, Report.from(queued));
            }
        }
    }

    /** What the target agency reads with the ACCEPTED status: where to publish, how to confirm, by when. */
    static String instructions(ManualTask task) {
        Kinds.Label kind = Kinds.of(task.kind());
        String where = task.endpointName() == null || task.endpointName().isBlank() ? kind.vi()
                : abbreviate(task.endpointName().strip(), 200);
        String whereEn = task.endpointName() == null || task.endpointName().isBlank() ? kind.en()
                : where + " (" + kind.en() + ")";
        String vi = "Kênh thực hiện thủ công: " + where + ". Đề nghị cơ quan đăng/niêm yết thông báo, sau đó xác nhận"
                + " kèm minh chứng (đường dẫn, ảnh hoặc tệp PDF, ngày đăng) trên hệ thống GovComm";
        String en = "Manual channel: " + whereEn + ". Publish the notice there, then confirm it with evidence (a link,"
                + " a photo or a PDF, and the date) in GovComm";
        if (task.deadline() != null) {
            var local = task.deadline().atZone(ManualTasks.ZONE);
            vi += " trước " + VI.format(local);
            en += " by " + EN.format(local) + " (UTC+7)";
        }
        return abbreviate(vi + ". / " + en + ".", 1000);
    }

    static String abbreviate(String text, int max) {
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, max - 1)) + "…";
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }
}
