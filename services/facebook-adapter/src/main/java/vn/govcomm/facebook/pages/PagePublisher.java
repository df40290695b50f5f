package vn.govcomm.facebook.pages;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import vn.govcomm.facebook.credentials.PageAccess;
import vn.govcomm.facebook.credentials.PageCredentials;
import vn.govcomm.facebook.graph.GraphClient;
import vn.govcomm.facebook.graph.GraphClient.GraphPost;
import vn.govcomm.facebook.graph.GraphFailure;
import vn.govcomm.facebook.graph.PageGuards;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.ChannelAdapter;
import vn.govcomm.kit.delivery.DeliveryRequest;
import vn.govcomm.kit.delivery.DeliveryRequestDispatcher;
import vn.govcomm.kit.delivery.DeliveryRetraction;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.delivery.StatusReports.DeliveryRef;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes deliveries on Facebook Pages: {@code POST /{page}/feed} (or {@code /photos} for an image attachment)
 * with the marker {@code #<deliveryId>} in the message → ACCEPTED with the post id → read back
 * {@code is_published} → PUBLISHED. Never a double post: the call is recorded before it is made
 * ({@link PostAttempts}); after a call without answer, a crash or a redelivery, the post is looked up by its marker
 * before anything is posted again; a 506 "duplicate" whose duplicate is our own post adopts it. Retryable errors are
 * retried per Page by {@link PageGuards}; permanent ones fail the delivery with an officer-readable reason and, when
 * they are about the Page (token, permission, policy), mark the Page as needing attention so later deliveries fail
 * fast without calling Facebook.
 */
@Component
class PagePublisher implements ChannelAdapter {

    private static final Logger log = LoggerFactory.getLogger(PagePublisher.class);

    private final GraphClient graph;
    private final PageGuards guards;
    private final PageCredentials credentials;
    private final PostAttempts attempts;
    private final AdapterDeliveries deliveries;
    private final DeliveryRequestDispatcher dispatcher;

    PagePublisher(GraphClient graph, PageGuards guards, PageCredentials credentials, PostAttempts attempts,
                  AdapterDeliveries deliveries, DeliveryRequestDispatcher dispatcher) {
        this.graph = graph;
        this.guards = guards;
        this.credentials = credentials;
        this.attempts = attempts;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
    }

    @KafkaListener(topics = "delivery.requests.facebook", groupId = "facebook-adapter")
    void on(ConsumerRecord<String, byte[]> record) {
        dispatcher.dispatch(record, this);
    }

    @Override
    public void publish(DeliveryRequest request) {
        deliver(request);
    }

    /**
     * The same attempt again (Kafka redelivery, or the previous instance stopped mid-call): finish what is left.
     * A delivery still DISPATCHED/RETRYING is delivered with a look-up first if a call was in flight; an ACCEPTED one
     * is only read back; anything further along is left alone.
     */
    @Override
    public void redelivered(DeliveryRequest request, AdapterDeliveries.Stored stored) {
        if (stored.attempt() != request.attempt()) {
            return;
        }
        switch (stored.status()) {
            case DISPATCHED, RETRYING -> deliver(request);
            case ACCEPTED -> {
                if (credentials.access(request.externalId()) instanceof PageAccess.Usable page && stored.externalRef() != null) {
                    confirm(DeliveryRef.of(request), page, stored.externalRef());
                }
            }
            default -> log.debug("Redelivered {} already {}", request.deliveryId(), stored.status());
        }
    }

    private void deliver(DeliveryRequest request) {
        DeliveryRef ref = DeliveryRef.of(request);
        String pageId = request.externalId();
        PageAccess access = credentials.access(pageId);
        if (access instanceof PageAccess.Blocked blocked) {
            if ("FB_PAGE_NOT_CONNECTED".equals(blocked.reasonCode())) {
                credentials.notConnected(pageId);
            }
            deliveries.report(ref, DeliveryStatus.FAILED, blocked.reasonCode(), blocked.reason(), null, null);
            return;
        }
        PageAccess.Usable page = (PageAccess.Usable) access;
        String marker = "#" + request.deliveryId();
        AtomicBoolean retryingReported = new AtomicBoolean();
        String postId;
        try {
            postId = guards.call(pageId, () -> createOnce(request, page, marker), failure -> {
                if (!retryingReported.getAndSet(true)) {
                    deliveries.report(ref, DeliveryStatus.RETRYING, retryCode(failure),
                            "Facebook tạm thời lỗi, hệ thống đang thử lại. / Facebook failed temporarily; retrying.",
                            null, null);
                }
            });
        } catch (GraphFailure f) {
            if (f.permanent()) {
                credentials.needsAttention(page, f);
            }
            log.warn("Delivery {} to Page {} failed: {}", request.deliveryId(), pageId, f.toString());
            deliveries.report(ref, DeliveryStatus.FAILED, f.reasonCode(), f.officerReason(), null, null);
            return;
        } catch (CallNotPermittedException e) {
            deliveries.report(ref, DeliveryStatus.FAILED, "FB_CIRCUIT_OPEN", "Facebook lỗi liên tục với Trang này nên hệ"
                    + " thống tạm ngừng gửi: hãy gửi lại sau ít phút. / Facebook keeps failing for this Page, sending is"
                    + " paused: re-send in a few minutes.", null, null);
            return;
        } catch (RuntimeException e) {
            if (!PageGuards.refusedLocally(e)) {
                throw e;
            }
            deliveries.report(ref, DeliveryStatus.FAILED, "RATE_LIMITED", "Trang đã gần hết hạn mức gọi Facebook:"
                    + " hãy gửi lại sau ít phút. / The Page is close to its Facebook rate limit: re-send in a few"
                    + " minutes.", null, null);
            return;
        }
        deliveries.report(ref, DeliveryStatus.ACCEPTED, null, null, postId, null);
        confirm(ref, page, postId);
    }

    /** One create, safe to repeat: looks up first if a previous call may have created the post. */
    private String createOnce(DeliveryRequest request, PageAccess.Usable page, String marker) {
        String pageId = page.pageId();
        String token = page.token().value();
        if (attempts.unconfirmed(request.deliveryId())) {
            Optional<GraphPost> found = graph.findByMarker(pageId, token, marker);
            if (found.isPresent()) {
                log.info("Delivery {}: found post {} from an unconfirmed call, not posting again",
                        request.deliveryId(), found.get().id());
                attempts.posted(request.deliveryId(), found.get().id());
                return found.get().id();
            }
        }
        attempts.calling(request.deliveryId(), request.attempt(), pageId);
        try {
            String message = request.content().text() + "\n\n" + marker;
            String imageUrl = imageUrl(request);
            String postId = imageUrl != null ? graph.postPhoto(pageId, token, message, imageUrl)
                    : graph.postToFeed(pageId, token, message, null);
            attempts.posted(request.deliveryId(), postId);
            return postId;
        } catch (GraphFailure f) {
            if (f.kind() == GraphFailure.Kind.NO_ANSWER) {
                throw f; // stays CALLING: the next try looks the post up first
            }
            if (f.code() == 506) {
                // Our message carries the delivery marker, so a duplicate is most likely our own earlier post.
                Optional<GraphPost> ours = graph.findByMarker(pageId, token, marker);
                if (ours.isPresent()) {
                    attempts.posted(request.deliveryId(), ours.get().id());
                    return ours.get().id();
                }
            }
            attempts.rejected(request.deliveryId());
            throw f;
        }
    }

    /** Reads the post back: PUBLISHED only when Facebook says {@code is_published}. Failures leave it ACCEPTED. */
    private void confirm(DeliveryRef ref, PageAccess.Usable page, String postId) {
        try {
            GraphPost post = guards.call(page.pageId(), () -> graph.readPost(page.pageId(), page.token().value(), postId),
                    failure -> { });
            if (post.published()) {
                deliveries.report(ref, DeliveryStatus.PUBLISHED, null, null, postId, post.permalink());
            }
        } catch (GraphFailure f) {
            if (f.permanent()) {
                credentials.needsAttention(page, f);
            }
            log.warn("Delivery {}: post {} could not be read back ({}); stays ACCEPTED", ref.deliveryId(), postId,
                    f.toString());
        } catch (RuntimeException e) {
            if (!PageGuards.refusedLocally(e)) {
                throw e;
            }
            log.warn("Delivery {}: read-back of {} refused by the Page's guards; stays ACCEPTED", ref.deliveryId(), postId);
        }
    }

    /**
     * Deletes the post ({@code DELETE /{post}} → {@code {"success":true}}) and reports CANCELLED, or EXPIRED for
     * WINDOW_ENDED (dropped by the kit's monotonic rules when the delivery was already achieved). A post that is
     * already gone counts as deleted; a retryable failure is thrown so that Kafka redelivers the retraction.
     */
    @Override
    public void retract(DeliveryRetraction retraction) {
        Optional<AdapterDeliveries.Stored> found = deliveries.find(retraction.deliveryId());
        if (found.isEmpty()) {
            log.info("Retraction of unknown delivery {} ignored: nothing was posted", retraction.deliveryId());
            return;
        }
        AdapterDeliveries.Stored stored = found.get();
        DeliveryRef ref = new DeliveryRef(retraction.deliveryId(), retraction.campaignId(), retraction.agencyId(),
                retraction.endpointId(), stored.attempt());
        DeliveryStatus target = "WINDOW_ENDED".equals(retraction.reason()) ? DeliveryStatus.EXPIRED : DeliveryStatus.CANCELLED;
        if (stored.status() == DeliveryStatus.CANCELLED) {
            return;
        }
        String postId = stored.externalRef();
        String note;
        PageAccess access = credentials.access(retraction.externalId());
        if (access instanceof PageAccess.Usable page) {
            note = deletePost(retraction, page, postId);
        } else {
            note = postId == null ? "Chưa có bài trên Trang. / Nothing was posted."
                    : "Không xoá được bài vì Trang cần xử lý: " + ((PageAccess.Blocked) access).reason()
                    + " / The post could not be deleted because the Page needs attention.";
        }
        deliveries.report(ref, target, retraction.reason(), note, postId, null);
    }

    private String deletePost(DeliveryRetraction retraction, PageAccess.Usable page, String knownPostId) {
        String postId = knownPostId;
        String token = page.token().value();
        try {
            if (postId == null && attempts.unconfirmed(retraction.deliveryId())) {
                postId = guards.call(page.pageId(), () -> graph.findByMarker(page.pageId(), token,
                        "#" + retraction.deliveryId()), f -> { }).map(GraphPost::id).orElse(null);
            }
            if (postId == null) {
                return "Chưa có bài trên Trang. / Nothing was posted.";
            }
            String id = postId;
            guards.call(page.pageId(), () -> graph.delete(page.pageId(), token, id), f -> { });
            attempts.posted(retraction.deliveryId(), id);
            return "Đã xoá bài trên Trang. / Post deleted from the Page.";
        } catch (GraphFailure f) {
            if (f.noSuchObject()) {
                return "Bài đã không còn trên Trang. / The post was already gone.";
            }
            if (!f.permanent()) {
                throw f;
            }
            credentials.needsAttention(page, f);
            return "Không xoá được bài trên Trang: " + f.officerReason();
        }
    }

    private static String imageUrl(DeliveryRequest request) {
        if (request.content().attachments() == null) {
            return null;
        }
        return request.content().attachments().stream()
                .filter(a -> a.mediaType() != null && a.mediaType().startsWith("image/") && a.url() != null)
                .map(DeliveryRequest.Attachment::url).findFirst().orElse(null);
    }

    private static String retryCode(Throwable failure) {
        if (failure instanceof GraphFailure f) {
            return f.rateLimited() ? "RATE_LIMITED" : f.reasonCode();
        }
        return "RATE_LIMITED";
    }
}
