package vn.govcomm.facebook.pages;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;
import vn.govcomm.contracts.events.Attachment;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.facebook.FacebookProperties;
import vn.govcomm.facebook.credentials.PageAccess;
import vn.govcomm.facebook.credentials.PageCredentials;
import vn.govcomm.facebook.graph.GraphClient;
import vn.govcomm.facebook.graph.GraphClient.GraphPost;
import vn.govcomm.facebook.graph.GraphFailure;
import vn.govcomm.facebook.graph.PageGuards;
import vn.govcomm.facebook.graph.PageUnavailable;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.delivery.RetryLater;
import vn.govcomm.kit.delivery.StatusReports.DeliveryRef;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The steps of one delivery on one Page, each safe to run again from whatever the store says (a crash, a redelivery
 * or a retry resumes where the last run stopped). Runs in the Page's lane ({@link PageLanes}), so one Page's steps
 * never overlap in this instance. What cannot be done now — the Page throttled or its circuit open, Facebook
 * temporarily failing, a post not visible yet — ends the step with {@link RetryLater} and the delivery waits durably
 * (RETRYING, or ACCEPTED with a wait) until the campaign window ends. FAILED is only for permanent errors, each named.
 * <ol>
 *   <li>A create whose outcome we never saw (no answer, crash, 506) is looked up by marker before anything else; within
 *       the visibility horizon a miss means "not visible yet", not "absent"; past it the post is made again (Graph
 *       itself answers 506 if the first one exists after all, and we keep looking).</li>
 *   <li>Create: recorded before it is sent ({@link PostAttempts}), through the Page's guard.</li>
 *   <li>Read-back: PUBLISHED only when Facebook says {@code is_published}; read at once after the create, so that
 *       the usual delivery is written once after its create (PUBLISHED with the post id) and ACCEPTED only when the
 *       post is not confirmed at once.</li>
 * </ol>
 */
@Component
class PostWorkflow {

    private static final Logger log = LoggerFactory.getLogger(PostWorkflow.class);

    static final String RATE_LIMITED = "RATE_LIMITED";
    static final String NOT_VISIBLE_YET = "FB_POST_NOT_VISIBLE_YET";
    static final String UNCONFIRMED = "FB_POST_UNCONFIRMED";
    static final String UNAVAILABLE = "FB_UNAVAILABLE";
    static final String NOT_FOUND = "FB_POST_NOT_FOUND";
    static final String TOKEN_REPLACED = "FB_TOKEN_REPLACED";
    /** When the post was created (or adopted), stored on the delivery with ACCEPTED: the read-back's horizon. */
    static final String POSTED_AT = "postedAt";

    private final GraphClient graph;
    private final PageGuards guards;
    private final PageCredentials credentials;
    private final PostAttempts attempts;
    private final AdapterDeliveries deliveries;
    private final MongoTemplate mongo;
    private final Duration horizon;
    private final Clock clock = Clock.systemUTC();

    PostWorkflow(GraphClient graph, PageGuards guards, PageCredentials credentials, PostAttempts attempts,
                 AdapterDeliveries deliveries, MongoTemplate mongo, FacebookProperties properties) {
        this.graph = graph;
        this.guards = guards;
        this.credentials = credentials;
        this.attempts = attempts;
        this.deliveries = deliveries;
        this.mongo = mongo;
        this.horizon = properties.visibilityHorizon();
    }

    /**
     * Takes the delivery as far as it can go now; throws {@link RetryLater} for what must wait. Returns true when the
     * turn's last write (PUBLISHED or FAILED) also let the lane's lease go, so the caller need not release it.
     *
     * @param fresh the request was just recorded by the kit and leased by {@link PagePublisher} (both writes
     *              acknowledged): the delivery is DISPATCHED at this attempt with no create recorded, so neither the
     *              delivery nor its {@link PostAttempts} record is read. Whatever could have changed that since — a
     *              retraction, another instance's create — has written a {@code post_attempts} record, so the create's
     *              insert-first fails and the turn starts again from what the store says ({@link NotFresh}); a crash
     *              before the create is recorded leaves the lease, and the kit's sweeper resumes with the reads.
     */
    boolean deliver(DeliveryRequested request, boolean fresh) {
        if (fresh) {
            try {
                return deliver(request, null, null);
            } catch (NotFresh e) {
                log.debug("Delivery {}: a create record exists already; reading the store", request.deliveryId());
            }
        }
        Document doc = mongo.findById(request.deliveryId(), Document.class, AdapterDeliveries.COLLECTION);
        if (doc == null || doc.getInteger("attempt", 1) != request.attempt()) {
            return false; // superseded by an officer's re-send
        }
        return deliver(request, doc, attempts.find(request.deliveryId()).orElse(null));
    }

    /** One turn from the delivery document and create record as read ({@code doc} null: fresh, nothing read). */
    private boolean deliver(DeliveryRequested request, Document doc, PostAttempts.Attempt attempt) {
        String deliveryId = request.deliveryId();
        DeliveryStatus status = doc == null ? DeliveryStatus.DISPATCHED : DeliveryStatus.valueOf(doc.getString("status"));
        if (status.isTerminal() || status.isAchieved()) {
            return false;
        }
        DeliveryRef ref = DeliveryRef.of(request);
        String pageId = request.externalId();
        PageAccess access = credentials.access(pageId);
        if (access instanceof PageAccess.Blocked blocked) {
            if (status == DeliveryStatus.ACCEPTED) {
                return false; // the post exists; a webhook or a later read-back can still confirm it
            }
            if ("FB_PAGE_NOT_CONNECTED".equals(blocked.reasonCode())) {
                credentials.notConnected(pageId);
            }
            return deliveries.report(ref, DeliveryStatus.FAILED, blocked.reasonCode(), blocked.reason(), null, null, doc);
        }
        PageAccess.Usable page = (PageAccess.Usable) access;
        if (attempt != null && attempt.retracted(request.attempt())) {
            return false; // retracted meanwhile: the cleanup deletes whatever exists
        }
        if (status == DeliveryStatus.ACCEPTED) {
            // The post id and its time came with ACCEPTED (the create's record may still say CALLING).
            String postId = doc.getString("externalRef") != null ? doc.getString("externalRef")
                    : attempt == null ? null : attempt.postId();
            Instant postedAt = doc.getDate(POSTED_AT) != null ? doc.getDate(POSTED_AT).toInstant()
                    : attempt == null ? null : attempt.postedAt();
            return postId != null && confirm(ref, page, postId, postedAt, doc);
        }
        if (attempt != null && attempt.state() == PostAttempts.State.POSTED && attempt.postId() != null) {
            // Posted (adopted after a look-up), then the instance stopped before reporting it.
            return accepted(ref, page, attempt.postId(), attempt.postedAt(), doc);
        }
        waitIfUnavailable(pageId);
        String marker = "#" + deliveryId;
        Instant unresolved = attempt == null ? null : attempt.lastUnresolvedAt();
        if (unresolved != null) {
            if (adoptedOrFailed(ref, page, marker, doc)) {
                return false;
            }
            Instant horizonEnd = unresolved.plus(horizon);
            if (clock.instant().isBefore(horizonEnd)) {
                throw new RetryLater(NOT_VISIBLE_YET, "Facebook chưa cho thấy bài vừa đăng (chưa có trả lời hoặc báo"
                        + " trùng); hệ thống đang tìm lại trước khi đăng lại. / The post request got no answer (or"
                        + " \"duplicate\") and the post is not visible yet; looking again before any re-post.",
                        lookAgainIn(horizonEnd));
            }
            log.info("Delivery {}: post of an unconfirmed call not found within {}; posting again", deliveryId, horizon);
        }
        return create(request, ref, page, attempt, marker, doc);
    }

    private boolean create(DeliveryRequested request, DeliveryRef ref, PageAccess.Usable page, PostAttempts.Attempt seen,
                        String marker, Document doc) {
        String deliveryId = request.deliveryId();
        String pageId = page.pageId();
        String message = request.content().text() + "\n\n" + marker;
        String imageUrl = imageUrl(request);
        PostAttempts.Attempt[] current = {seen};
        boolean[] first = {true};
        String postId;
        try {
            postId = guards.withRetries(pageId, false, () -> {
                PostAttempts.Attempt known = first[0] ? current[0] : attempts.find(deliveryId).orElse(null);
                first[0] = false;
                Runnable record = () -> {
                    if (!attempts.calling(known, deliveryId, request.attempt(), pageId)) {
                        if (doc == null && known == null) {
                            throw new NotFresh(); // nothing sent: the turn starts again from the store
                        }
                        throw new RetryLater("FB_POST_IN_PROGRESS", "Bài đang được đăng ở một tiến trình khác. / The"
                                + " post is being created elsewhere; checking again.", Duration.ofSeconds(5));
                    }
                };
                try {
                    return imageUrl != null ? graph.postPhoto(pageId, page.token().value(), message, imageUrl, record)
                            : graph.postToFeed(pageId, page.token().value(), message, null, record);
                } catch (GraphFailure f) {
                    if (f.kind() != GraphFailure.Kind.NO_ANSWER && f.code() != 506) {
                        attempts.rejected(deliveryId);
                    }
                    throw f;
                }
            });
        } catch (GraphFailure f) {
            if (f.kind() == GraphFailure.Kind.NO_ANSWER) {
                attempts.unresolved(deliveryId, PostAttempts.Unresolved.NO_ANSWER);
                log.warn("Delivery {}: no answer to the create call ({}); looking it up before any re-post", deliveryId,
                        f.getMessage());
                throw new RetryLater(UNCONFIRMED, "Facebook không trả lời khi đăng bài; hệ thống đang kiểm tra bài đã"
                        + " lên Trang chưa trước khi đăng lại. / Facebook did not answer the post request; checking"
                        + " whether the post exists before posting again.", lookAgainIn(clock.instant().plus(horizon)));
            }
            if (f.code() == 506) {
                // Our marker makes the message unique: "duplicate" means our own post exists. Find it and adopt it.
                attempts.unresolved(deliveryId, PostAttempts.Unresolved.DUPLICATE);
                log.info("Delivery {}: Facebook says the post already exists (506); adopting it", deliveryId);
                if (adoptedOrFailed(ref, page, marker, doc)) {
                    return false;
                }
                throw new RetryLater(NOT_VISIBLE_YET, "Facebook báo bài đã có trên Trang nhưng chưa hiển thị; hệ thống"
                        + " đang tìm để nhận bài đó. / Facebook says the post exists but it is not visible yet; looking"
                        + " it up to adopt it.", lookAgainIn(clock.instant().plus(horizon)));
            }
            if (!f.permanent()) {
                throw temporary(f, pageId);
            }
            return fail(ref, page, f, doc);
        } catch (PageUnavailable u) {
            throw waiting(u);
        }
        // The post is read back at once, before anything is written: when Facebook already says is_published (the
        // usual answer), the post id goes with PUBLISHED in one write and ACCEPTED is never written or sent (one write
        // and one status event less per delivery). Otherwise the post id goes with ACCEPTED, as before, and the read's
        // answer decides the wait. Either way the create's record keeps CALLING. A crash before that write leaves
        // CALLING: the resume looks the marker up before any re-post and adopts the post (the state a kill mid-call
        // leaves, AdapterRestartTests); the read-back only widens that window by one read. After it, the delivery
        // carries the post id: the resume reads that post back, and a retraction deletes it (PostCleanup counts a
        // recorded post id as the call's answer). No second post either way.
        Instant postedAt = clock.instant();
        ReadBack read = readBack(page, postId);
        boolean moved = read.published()
                ? deliveries.report(ref, DeliveryStatus.PUBLISHED, null, null, postId, read.post().permalink(), doc,
                        update -> update.set(POSTED_AT, Date.from(postedAt)))
                : reportAccepted(ref, postId, postedAt, doc);
        if (moved) {
            return read.published() || settle(ref, page, postId, postedAt, acceptedNow(ref), read);
        }
        // Not moved: retracted (or superseded) while the call was in flight. The create's record says which.
        PostAttempts.Attempt after = attempts.posted(deliveryId, postId);
        if (after.retracted(request.attempt())) {
            deleteQuietly(page, postId, deliveryId); // the retraction came while the call was in flight
            return false;
        }
        return confirm(ref, page, postId, after.postedAt(), null);
    }

    /** A permanent refusal: FAILED with its named reason; the Page is marked when the error is about the Page. */
    /** Looks our post up by its marker: adopted if found, the delivery failed on a permanent error; else false. */
    private boolean adoptedOrFailed(DeliveryRef ref, PageAccess.Usable page, String marker, Document doc) {
        List<GraphPost> found;
        try {
            found = lookUp(page, marker);
        } catch (GraphFailure permanent) {
            fail(ref, page, permanent, doc);
            return true;
        }
        if (found.isEmpty()) {
            return false;
        }
        adopt(ref, page, found, doc);
        return true;
    }

    private boolean fail(DeliveryRef ref, PageAccess.Usable page, GraphFailure f, Document doc) {
        if (credentials.needsAttention(page, f) == PageCredentials.Marking.TOKEN_REPLACED) {
            // An admin rotated (or disconnected) the Page's token while this call used the old one: the refusal is
            // about a token the Page no longer has. The next turn reads the Page again (a disconnected Page then
            // fails as not connected).
            log.info("Delivery {}: Page {} refused a token replaced since it was read ({}); trying again",
                    ref.deliveryId(), page.pageId(), f.toString());
            throw new RetryLater(TOKEN_REPLACED, "Mã truy cập của Trang vừa được thay; hệ thống thử lại với mã mới. /"
                    + " The Page's access token was just replaced; trying again with the new one.", Duration.ofSeconds(1));
        }
        log.warn("Delivery {} to Page {} failed: {}", ref.deliveryId(), page.pageId(), f.toString());
        return deliveries.report(ref, DeliveryStatus.FAILED, f.reasonCode(), f.officerReason(), null, null, doc);
    }

    /** Adopts the oldest post found with our marker; any younger copy is deleted (one live post per delivery). */
    private void adopt(DeliveryRef ref, PageAccess.Usable page, List<GraphPost> found, Document doc) {
        GraphPost ours = found.getFirst();
        for (GraphPost extra : found.subList(1, found.size())) {
            log.warn("Delivery {}: deleting extra copy {} of post {}", ref.deliveryId(), extra.id(), ours.id());
            deleteQuietly(page, extra.id(), ref.deliveryId());
        }
        log.info("Delivery {}: found post {} of an unconfirmed call, not posting again", ref.deliveryId(), ours.id());
        PostAttempts.Attempt after = attempts.posted(ref.deliveryId(), ours.id());
        if (after.retracted(ref.attempt())) {
            deleteQuietly(page, ours.id(), ref.deliveryId());
            return;
        }
        accepted(ref, page, ours.id(), after.postedAt(), doc);
    }

    private boolean accepted(DeliveryRef ref, PageAccess.Usable page, String postId, Instant postedAt, Document doc) {
        boolean moved = reportAccepted(ref, postId, postedAt, doc);
        return confirm(ref, page, postId, postedAt, moved ? acceptedNow(ref) : null);
    }

    /** ACCEPTED with the post id and its time, in one write ({@code doc} null: from what the kit's accept wrote). */
    private boolean reportAccepted(DeliveryRef ref, String postId, Instant postedAt, Document doc) {
        return deliveries.report(ref, DeliveryStatus.ACCEPTED, null, null, postId, null, doc,
                update -> update.set(POSTED_AT, Date.from(postedAt)));
    }

    /** What the ACCEPTED write just stored, for the next report's compare-and-set (no read back). */
    private static Document acceptedNow(DeliveryRef ref) {
        return new Document("_id", ref.deliveryId()).append("status", DeliveryStatus.ACCEPTED.name())
                .append("attempt", ref.attempt());
    }

    /**
     * Reads the post back: PUBLISHED with its permalink only when Facebook says {@code is_published} (one write, which
     * also lets the lease go: returns true); else the delivery waits.
     */
    private boolean confirm(DeliveryRef ref, PageAccess.Usable page, String postId, Instant postedAt, Document doc) {
        return settle(ref, page, postId, postedAt, doc, readBack(page, postId));
    }

    /** A read-back's answer: the post as Facebook shows it, or why it could not be read (the Page's guard, Graph). */
    private record ReadBack(GraphPost post, RuntimeException failure) {
        boolean published() {
            return post != null && post.published();
        }
    }

    /** Reads the post through the Page's guard (retrying temporary errors); a refusal or error is kept, not thrown. */
    private ReadBack readBack(PageAccess.Usable page, String postId) {
        try {
            return new ReadBack(guards.withRetries(page.pageId(), true,
                    () -> graph.readPost(page.pageId(), page.token().value(), postId)), null);
        } catch (PageUnavailable | GraphFailure e) {
            return new ReadBack(null, e);
        }
    }

    /** What a read-back's answer makes of the delivery (see {@link #confirm}). */
    private boolean settle(DeliveryRef ref, PageAccess.Usable page, String postId, Instant postedAt, Document doc,
                           ReadBack read) {
        if (read.failure() instanceof PageUnavailable u) {
            throw waiting(u);
        }
        if (read.failure() instanceof GraphFailure f) {
            if (f.noSuchObject()) {
                Instant since = postedAt == null ? clock.instant() : postedAt;
                if (clock.instant().isBefore(since.plus(horizon))) {
                    throw new RetryLater(NOT_VISIBLE_YET, "Facebook đã nhận bài nhưng chưa cho đọc lại; hệ thống sẽ"
                            + " kiểm tra lại. / Facebook accepted the post but does not show it yet; checking again.",
                            lookAgainIn(since.plus(horizon)));
                }
                return deliveries.report(ref, DeliveryStatus.FAILED, NOT_FOUND, "Facebook đã nhận bài nhưng nay không tìm"
                        + " thấy bài trên Trang (có thể đã bị xoá). / Facebook accepted the post but it cannot be found"
                        + " on the Page (deleted?).", postId, null, doc);
            }
            if (f.permanent()) {
                credentials.needsAttention(page, f);
                log.warn("Delivery {}: post {} could not be read back ({}); stays ACCEPTED", ref.deliveryId(), postId, f);
                return false;
            }
            throw temporary(f, page.pageId());
        }
        if (!read.published()) {
            throw new RetryLater(NOT_VISIBLE_YET, "Bài đã lên Facebook nhưng chưa được công bố; hệ thống sẽ kiểm tra"
                    + " lại. / The post is on Facebook but not published yet; checking again.", null);
        }
        return deliveries.report(ref, DeliveryStatus.PUBLISHED, null, null, postId, read.post().permalink(), doc);
    }

    /** Every post of ours carrying the marker, through the Page's guard (each page of an edge is one guarded call). */
    List<GraphPost> lookUp(PageAccess.Usable page, String marker) {
        try {
            return guards.withRetries(page.pageId(), true,
                    () -> graph.findAllByMarker(page.pageId(), page.token().value(), marker));
        } catch (PageUnavailable u) {
            throw waiting(u);
        } catch (GraphFailure f) {
            if (f.permanent()) {
                credentials.needsAttention(page, f);
            }
            throw f.permanent() ? f : temporary(f, page.pageId());
        }
    }

    /**
     * Deletes posts of a retracted delivery: those we know and, while a create's outcome is unresolved, those the
     * look-up finds. Returns the ids deleted (already gone counts as deleted). Throws {@link RetryLater} when the
     * Page cannot be called now, {@link GraphFailure} for a permanent refusal.
     */
    Set<String> deleteAll(PageAccess.Usable page, String deliveryId, Set<String> known, boolean lookUp) {
        Set<String> ids = new LinkedHashSet<>(known);
        if (lookUp) {
            lookUp(page, "#" + deliveryId).forEach(p -> ids.add(p.id()));
        }
        Set<String> deleted = new LinkedHashSet<>();
        for (String id : ids) {
            try {
                guards.withRetries(page.pageId(), true, () -> graph.delete(page.pageId(), page.token().value(), id));
            } catch (PageUnavailable u) {
                attempts.deleted(deliveryId, deleted);
                throw waiting(u);
            } catch (GraphFailure f) {
                if (!f.noSuchObject()) {
                    attempts.deleted(deliveryId, deleted);
                    if (f.permanent()) {
                        credentials.needsAttention(page, f);
                        throw f;
                    }
                    throw temporary(f, page.pageId());
                }
            }
            deleted.add(id);
        }
        attempts.deleted(deliveryId, deleted);
        return deleted;
    }

    private void deleteQuietly(PageAccess.Usable page, String postId, String deliveryId) {
        try {
            deleteAll(page, deliveryId, Set.of(postId), false);
        } catch (RuntimeException e) {
            // The retraction's cleanup (or the next look-up) finds it again: it carries our marker.
            log.warn("Delivery {}: post {} not deleted now ({}); the cleanup retries", deliveryId, postId, e.toString());
        }
    }

    private void waitIfUnavailable(String pageId) {
        PageUnavailable wait = guards.unavailable(pageId);
        if (wait != null) {
            throw waiting(wait);
        }
    }

    /** Rate limits wait for the Page's regain time; other temporary errors and silences for the backoff. */
    RetryLater temporary(GraphFailure f, String pageId) {
        if (f.rateLimited()) {
            PageUnavailable wait = guards.unavailable(pageId);
            return new RetryLater(RATE_LIMITED, rateLimitedReason(), wait == null ? null : untilNow(wait.until()));
        }
        return new RetryLater(UNAVAILABLE, "Facebook tạm thời lỗi hoặc không trả lời; hệ thống sẽ tự thử lại. "
                + "/ Facebook failed temporarily or did not answer; retrying automatically.", null);
    }

    RetryLater waiting(PageUnavailable u) {
        String reason = switch (u.reasonCode()) {
            case "FB_CIRCUIT_OPEN" -> "Facebook lỗi liên tục với Trang này; hệ thống tạm dừng gửi rồi tự thử lại. / Facebook"
                    + " keeps failing for this Page; sending is paused and retried automatically.";
            case "FB_PAGE_BUSY" -> "Trang đang có nhiều lệnh gửi cùng lúc; hệ thống sẽ tự gửi tiếp. / The Page is busy"
                    + " with other calls; retrying automatically.";
            default -> rateLimitedReason();
        };
        return new RetryLater(u.reasonCode(), reason, untilNow(u.until()));
    }

    private static String rateLimitedReason() {
        return "Facebook đang giới hạn tần suất gọi của Trang; hệ thống tự gửi lại khi hết hạn chế. / Facebook is"
                + " throttling this Page; the delivery is sent automatically once the limit is lifted.";
    }

    private Duration untilNow(Instant until) {
        Duration left = Duration.between(clock.instant(), until);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** The next look-up: soon (a quarter of the horizon at most), never past the horizon. */
    private Duration lookAgainIn(Instant horizonEnd) {
        Duration left = untilNow(horizonEnd);
        Duration step = horizon.dividedBy(4);
        return left.compareTo(step) < 0 ? left : step;
    }

    /** A fresh turn found a create record it did not expect: nothing was sent; the turn reads the store instead. */
    private static final class NotFresh extends RuntimeException {
        NotFresh() {
            super(null, null, false, false);
        }
    }

    private static String imageUrl(DeliveryRequested request) {
        if (request.content().attachments() == null) {
            return null;
        }
        return request.content().attachments().stream()
                .filter(a -> a.mediaType() != null && a.mediaType().startsWith("image/") && a.url() != null)
                .map(Attachment::url).findFirst().orElse(null);
    }

}
