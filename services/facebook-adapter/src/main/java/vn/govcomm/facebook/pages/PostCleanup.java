package vn.govcomm.facebook.pages;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import vn.govcomm.contracts.events.DeliveryRetracted;
import vn.govcomm.facebook.FacebookProperties;
import vn.govcomm.facebook.credentials.PageAccess;
import vn.govcomm.facebook.credentials.PageCredentials;
import vn.govcomm.facebook.graph.GraphFailure;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.delivery.RetryLater;
import vn.govcomm.kit.delivery.StatusReports.DeliveryRef;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Retraction ({@code delivery.retracted}: campaign cancelled, superseded, window ended): no live post may outlive its
 * campaign. The retraction is recorded on the delivery's {@link PostAttempts} record first (which also refuses any
 * create still to come for that attempt), then worked on in the Page's lane behind the delivery's earlier steps:
 * delete the post we know, and while a create's outcome is unresolved look the marker up and delete what is found —
 * again and again until three visibility horizons have passed (a post Facebook shows later than publishing assumed
 * must still not outlive its campaign). A step that cannot finish now (Page throttled, circuit
 * open, Facebook failing, post not visible yet) leaves a durable to-do ({@code cleanup.nextAt}) that {@link #sweep}
 * takes up, also after a crash. The delivery is reported CANCELLED (EXPIRED for WINDOW_ENDED, which the kit drops for
 * an achieved delivery) at the first step, with a note saying whether the deletion is done or still going on.
 */
@Component
class PostCleanup {

    private static final Logger log = LoggerFactory.getLogger(PostCleanup.class);
    private static final String NOTHING = "Chưa có bài trên Trang. / Nothing was posted.";
    private static final Duration FIRST_WAIT = Duration.ofSeconds(5);
    private static final Duration MAX_WAIT = Duration.ofMinutes(5);
    private static final Duration GIVE_UP_AFTER = Duration.ofHours(48);
    private static final int CLEANUP_HORIZONS = 3;

    private final PostWorkflow workflow;
    private final PostAttempts attempts;
    private final PageCredentials credentials;
    private final AdapterDeliveries deliveries;
    private final MongoTemplate mongo;
    private final PageLanes lanes;
    private final Duration horizon;
    private final Duration lease;
    private final Clock clock = Clock.systemUTC();

    PostCleanup(PostWorkflow workflow, PostAttempts attempts, PageCredentials credentials, AdapterDeliveries deliveries,
                MongoTemplate mongo, PageLanes lanes, FacebookProperties properties,
                @Value("${govcomm.delivery.retry.lease:2m}") Duration lease) {
        this.workflow = workflow;
        this.attempts = attempts;
        this.credentials = credentials;
        this.deliveries = deliveries;
        this.mongo = mongo;
        this.lanes = lanes;
        this.horizon = properties.visibilityHorizon();
        this.lease = lease;
    }

    /** On the listener thread: records the retraction durably, then queues its work behind the Page's earlier work. */
    void retract(DeliveryRetracted retraction) {
        Optional<AdapterDeliveries.Stored> found = deliveries.find(retraction.deliveryId());
        if (found.isEmpty()) {
            log.info("Retraction of unknown delivery {} ignored: nothing was posted", retraction.deliveryId());
            return;
        }
        if (found.get().status() == DeliveryStatus.CANCELLED) {
            return;
        }
        Document info = new Document("reason", retraction.reason().name()).append("campaignId", retraction.campaignId())
                .append("agencyId", retraction.agencyId()).append("endpointId", retraction.endpointId())
                .append("at", java.util.Date.from(clock.instant()));
        attempts.retracted(retraction.deliveryId(), found.get().attempt(), retraction.externalId(), info,
                clock.instant().plus(lease));
        submit(retraction.deliveryId(), retraction.externalId(), true);
    }

    private void submit(String deliveryId, String pageId, boolean wait) {
        if (!lanes.submit(new PageLanes.Task(PageLanes.Kind.CLEANUP, pageId, deliveryId, () -> step(deliveryId)), wait)) {
            log.info("Cleanup of delivery {} not queued now (lanes full or stopping); its lease brings it back", deliveryId);
        }
    }

    /** Cleanups whose time has come (or whose instance died), claimed and queued in their Page's lane. */
    @Scheduled(fixedDelayString = "${govcomm.facebook.cleanup-interval:5s}")
    void sweep() {
        Instant now = clock.instant();
        for (PostAttempts.Attempt due : attempts.claimDueCleanups(now, now.plus(lease), 100)) {
            submit(due.deliveryId(), due.pageId(), false);
        }
    }

    /** One cleanup step of a retracted delivery (safe to repeat). */
    void step(String deliveryId) {
        PostAttempts.Attempt attempt = attempts.find(deliveryId).orElse(null);
        if (attempt == null || attempt.retraction() == null || attempt.cleanup() == null) {
            return;
        }
        Document retraction = attempt.retraction();
        Document delivery = mongo.findById(deliveryId, Document.class, AdapterDeliveries.COLLECTION);
        Instant now = clock.instant();
        DeliveryRef ref = new DeliveryRef(deliveryId, retraction.getString("campaignId"),
                retraction.getString("agencyId"), retraction.getString("endpointId"), attempt.retractedAttempt());
        String reason = retraction.getString("reason");
        DeliveryStatus target = DeliveryRetracted.Reason.WINDOW_ENDED.name().equals(reason) ? DeliveryStatus.EXPIRED
                : DeliveryStatus.CANCELLED;
        Set<String> known = new LinkedHashSet<>();
        if (delivery != null && delivery.getString("externalRef") != null) {
            known.add(delivery.getString("externalRef"));
        }
        if (attempt.postId() != null) {
            known.add(attempt.postId());
        }
        known.removeAll(attempt.deleted());
        // A post id on the delivery is the answer of its CALLING create (recorded with ACCEPTED, not here).
        Instant unresolved = attempt.lastUnresolvedAt(delivery != null && delivery.getString("externalRef") != null);
        // Deleting is the last chance for a post we never saw: look three horizons long, not one.
        Instant lookUntil = unresolved == null ? null : unresolved.plus(horizon.multipliedBy(CLEANUP_HORIZONS));
        String postId = known.stream().findFirst().orElse(attempt.deleted().stream().findFirst().orElse(null));
        String note;
        Instant next = null;
        String why = null;
        boolean failed = false;
        PageAccess access = credentials.access(attempt.pageId());
        if (access instanceof PageAccess.Blocked blocked) {
            note = known.isEmpty() && unresolved == null ? NOTHING : "Không xoá được bài vì Trang cần xử lý: "
                    + blocked.reason() + " / The post could not be deleted because the Page needs attention.";
        } else {
            try {
                Set<String> deleted = workflow.deleteAll((PageAccess.Usable) access, deliveryId, known, unresolved != null);
                note = deleted.isEmpty() && attempt.deleted().isEmpty() ? NOTHING
                        : "Đã xoá bài trên Trang. / Post deleted from the Page.";
                if (postId == null && !deleted.isEmpty()) {
                    postId = deleted.iterator().next();
                }
                if (lookUntil != null && now.isBefore(lookUntil)) {
                    // A create's outcome is still unresolved: its post may show up later; keep looking until the horizon.
                    next = min(lookUntil, now.plus(horizon.dividedBy(4)));
                    why = PostWorkflow.NOT_VISIBLE_YET;
                }
            } catch (RetryLater later) {
                // The Page's own wait (regain time, breaker) when it gave one, else a backoff over the failed steps.
                failed = true;
                next = now.plus(later.notBefore() != null ? later.notBefore()
                        : backoff(attempt.cleanup().getInteger("failures", 0)));
                why = later.reasonCode();
                note = "Đang xoá bài trên Trang (Facebook tạm thời chưa cho phép). / The post is being deleted"
                        + " (Facebook does not allow it right now).";
            } catch (GraphFailure f) {
                note = "Không xoá được bài trên Trang: " + f.officerReason();
            }
        }
        deliveries.report(ref, target, reason, note, postId, null, delivery);
        Document cleanup = attempt.cleanup();
        Instant since = cleanup.getDate("since") == null ? now : cleanup.getDate("since").toInstant();
        if (next != null && now.isBefore(since.plus(GIVE_UP_AFTER))) {
            attempts.cleanupLater(deliveryId, next, why, failed);
        } else {
            if (next != null) {
                log.error("Delivery {}: gave up deleting its post after {} ({}); check the Page by hand", deliveryId,
                        GIVE_UP_AFTER, why);
            }
            attempts.cleanupDone(deliveryId);
        }
    }

    private static Duration backoff(int count) {
        long millis = FIRST_WAIT.toMillis() << Math.min(count, 10);
        return Duration.ofMillis(Math.min(millis, MAX_WAIT.toMillis()));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
