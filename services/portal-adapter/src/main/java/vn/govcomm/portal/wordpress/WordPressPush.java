package vn.govcomm.portal.wordpress;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.delivery.RetryLater;
import vn.govcomm.kit.delivery.StatusReports.DeliveryRef;
import vn.govcomm.portal.ChannelCalls;
import vn.govcomm.portal.ChannelCalls.Outcome;
import vn.govcomm.portal.FeedText;
import vn.govcomm.portal.outbound.Excerpt;
import vn.govcomm.portal.outbound.OutboundHttp;
import vn.govcomm.portal.outbound.OutboundUrlPolicy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Optional push mode: a portal with a WordPress target gets each delivery as a post
 * ({@code POST /wp-json/wp/v2/posts}, Application Password over Basic auth). 201 → PUBLISHED with the post id as
 * externalRef and its link as permalink; a permanent refusal (credentials, rights, content) → FAILED with a named
 * reason an officer can act on; anything WordPress may get over (no connection, 429, 5xx, an answer that never
 * came) → the kit's {@link RetryLater}, so the delivery waits durably (RETRYING, {@code retry.nextAt}, honouring
 * {@code Retry-After}) and {@link #resume} runs again, for as long as the campaign window lasts.
 *
 * <p>Nothing is posted twice. Each create is recorded ({@value #COLLECTION}: {@code sentAt}) before it goes out;
 * until an answer proves nothing was created (a 4xx, 429, 503, a refused connection), the post may exist (a slow
 * save that finished after the timeout, a lost answer, a gateway error, a crash mid-call), so the next try first
 * looks it up by its deterministic slug {@code govcomm-<deliveryId>} and adopts it. A look-up that misses right
 * after such a call does not prove much (the save may still be running): the delivery keeps waiting and looking
 * for {@code unconfirmed-horizon} before it posts again. Retraction consults the same record: an unconfirmed post
 * is looked up and trashed, a post whose create was still on its way is trashed as soon as its answer comes, and a
 * failed trash is tried again ({@code trashPending}).
 *
 * <p>Calls go through {@link OutboundHttp}: the site's URL passes the outbound-URL policy again on every call (a
 * refusal fails the delivery, {@code WP_URL_REFUSED}), redirects are not followed, answers are size-capped, and
 * only a short excerpt of what WordPress answered ever goes into a failure reason.
 */
@Component
public class WordPressPush {

    static final String COLLECTION = "wordpress_posts";
    private static final Logger log = LoggerFactory.getLogger(WordPressPush.class);
    private static final DateTimeFormatter WP_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    // wordpress_posts.state
    private static final String CALLING = "CALLING";          // a call is on its way (or was, when we crashed)
    private static final String WAITING = "WAITING";          // WordPress could not take it now; nothing created
    private static final String UNCONFIRMED = "UNCONFIRMED";  // the create may have worked: look up first
    private static final String CREATED = "CREATED";
    private static final String REJECTED = "REJECTED";        // reported FAILED
    private static final String REFUSED = "REFUSED";          // the URL policy refused the site; reported FAILED
    private static final String TRASHED = "TRASHED";

    private static final String UNCONFIRMED_REASON = "WordPress chưa xác nhận bài viết (hết thời gian chờ hoặc mất "
            + "câu trả lời); hệ thống kiểm tra bài đã được lưu chưa trước khi gửi lại. / WordPress did not confirm the "
            + "post (timeout or lost answer); checking whether it was saved before sending it again.";

    private final WordPressTargets targets;
    private final MongoTemplate mongo;
    private final AdapterDeliveries deliveries;
    private final OutboundHttp http;
    private final JsonMapper json;
    private final ChannelCalls calls;
    private final WordPressProperties properties;
    private final Clock clock;

    /** WordPress answered with something that will not get better by retrying. */
    private record Rejection(int status, String code, String message) {
    }

    /** The delivery was reported FAILED: nothing more to do for this attempt. */
    private static final class Failed extends RuntimeException {
        Failed() {
            super(null, null, false, false);
        }
    }

    WordPressPush(WordPressTargets targets, MongoTemplate mongo, AdapterDeliveries deliveries, OutboundHttp http,
                  JsonMapper json, ChannelCalls calls, WordPressProperties properties, Clock clock) {
        this.targets = targets;
        this.mongo = mongo;
        this.deliveries = deliveries;
        this.http = http;
        this.json = json;
        this.calls = calls;
        this.properties = properties;
        this.clock = clock;
    }

    public boolean enabledFor(String portalId) {
        return targets.exists(portalId);
    }

    /** Which of these portals are in push mode (one read for a batch). */
    public Set<String> enabledAmong(Collection<String> portalIds) {
        return portalIds.isEmpty() ? Set.of() : targets.existing(portalIds);
    }

    /**
     * A new attempt: posts it (or, for a re-send of an already posted delivery, updates the post). Returns false
     * if the portal is not (or no longer) in push mode; throws {@link RetryLater} when WordPress cannot take it now.
     */
    public boolean push(DeliveryRequested request) {
        return deliver(request, false);
    }

    /**
     * The same attempt again (a Kafka redelivery, or the kit's retry after a {@link RetryLater} or a crash): finish
     * what is left, never post twice. Safe to call at any time.
     */
    public boolean resume(DeliveryRequested request) {
        return deliver(request, true);
    }

    private boolean deliver(DeliveryRequested request, boolean resuming) {
        WordPressTargets.Target target = targets.find(request.externalId()).orElse(null);
        if (target == null) {
            return false;
        }
        Document record = mongo.findById(request.deliveryId(), Document.class, COLLECTION);
        boolean sameAttempt = record != null && record.getInteger("attempt", 0) == request.attempt();
        String state = record == null ? null : record.getString("state");
        if (resuming && sameAttempt) {
            if (record.get("withdrawnAt") != null || REJECTED.equals(state) || REFUSED.equals(state)) {
                return true; // retracted, or already reported FAILED
            }
            if (CREATED.equals(state)) {
                report(request, DeliveryStatus.PUBLISHED, null, null, String.valueOf(record.getInteger("postId")),
                        record.getString("link")); // the status report may be what was lost
                return true;
            }
        }
        try {
            Integer postId = record == null ? null : record.getInteger("postId");
            if (postId == null && record != null && record.get("sentAt") != null) {
                Optional<JsonNode> found = findBySlug(request, target);
                if (found.isPresent() && sameAttempt) {
                    created(request, target, found.get());
                    return true;
                }
                if (found.isPresent()) {
                    postId = found.get().path("id").asInt(); // an earlier attempt's post: a re-send updates it
                } else if (clock.instant().isBefore(record.getDate("sentAt").toInstant()
                        .plus(properties.unconfirmedHorizon()))) {
                    throw new RetryLater("WP_UNCONFIRMED", UNCONFIRMED_REASON, null);
                }
            }
            Date now = Date.from(clock.instant());
            Update calling = new Update().set("attempt", request.attempt()).set("state", CALLING)
                    .set("portalId", request.externalId()).set("updatedAt", now);
            if (!sameAttempt) {
                calling.unset("withdrawnAt");
            }
            if (postId == null) {
                calling.set("sentAt", now); // until an answer proves otherwise, this create may have worked
            } else {
                calling.set("postId", postId);
            }
            mongo.upsert(byId(request.deliveryId()), calling, COLLECTION);
            if (postId != null) {
                send(request, target, "wordpress.update_post", "/posts/" + postId, false);
            } else {
                send(request, target, "wordpress.create_post", "/posts", true);
            }
        } catch (Failed reported) {
            // reported FAILED; nothing more for this attempt
        }
        return true;
    }

    /**
     * Retraction: the post goes to the WordPress trash (the feed tombstone is authoritative). A create whose answer
     * never came is looked up first; one still on its way is trashed when its answer comes ({@code withdrawnAt}).
     */
    public void withdraw(String deliveryId, String portalId) {
        Document record = mongo.findAndModify(byId(deliveryId), new Update().set("withdrawnAt", Date.from(clock.instant())),
                FindAndModifyOptions.options().returnNew(true), Document.class, COLLECTION);
        if (record == null) {
            return; // never pushed
        }
        targets.find(portalId).ifPresent(target -> trash(record, target));
    }

    /** Tries again to trash the posts of retracted deliveries whose trash failed or whose create is unconfirmed. */
    @Scheduled(fixedDelayString = "${govcomm.portal.wordpress.trash-retry-interval:60s}",
            initialDelayString = "${govcomm.portal.wordpress.trash-retry-interval:60s}")
    void retryTrash() {
        for (Document record : mongo.find(Query.query(Criteria.where("trashPending").is(true)), Document.class, COLLECTION)) {
            WordPressTargets.Target target = targets.find(record.getString("portalId")).orElse(null);
            if (target == null) {
                mongo.updateFirst(byId(record.getString("_id")), new Update().unset("trashPending"), COLLECTION);
            } else {
                trash(record, target);
            }
        }
    }

    private void trash(Document record, WordPressTargets.Target target) {
        String deliveryId = record.getString("_id");
        Integer postId = record.getInteger("postId");
        long started = System.nanoTime();
        try {
            if (postId == null && record.get("sentAt") != null) {
                OutboundHttp.Answer found = lookup(target, slug(deliveryId));
                if (found.status() != 200) {
                    calls.record("wordpress.find_post", found.status() >= 500 || found.status() == 429
                            ? Outcome.RETRYABLE : Outcome.PERMANENT, started);
                    trashLater(deliveryId, "look-up answered " + found.status());
                    return;
                }
                calls.record("wordpress.find_post", Outcome.SUCCESS, started);
                postId = first(found).map(post -> post.path("id").asInt()).orElse(null);
                if (postId == null) {
                    if (clock.instant().isBefore(record.getDate("sentAt").toInstant().plus(properties.unconfirmedHorizon()))) {
                        trashLater(deliveryId, "an unconfirmed post is not visible yet");
                    } else {
                        mongo.updateFirst(byId(deliveryId), new Update().unset("trashPending"), COLLECTION);
                    }
                    return;
                }
                started = System.nanoTime();
            }
            if (postId == null) {
                mongo.updateFirst(byId(deliveryId), new Update().unset("trashPending"), COLLECTION);
                return;
            }
            int status = http.sendDiscarding(request(target, "/posts/" + postId).DELETE().build());
            boolean done = status == 200 || status == 410 || status == 404; // 410: already trashed; 404: deleted
            calls.record("wordpress.trash_post", done ? Outcome.SUCCESS
                    : status >= 500 || status == 429 ? Outcome.RETRYABLE : Outcome.PERMANENT, started);
            if (done) {
                mongo.updateFirst(byId(deliveryId), new Update().set("state", TRASHED).set("postId", postId)
                        .unset("trashPending"), COLLECTION);
            } else if (status >= 500 || status == 429 || status == 408) {
                trashLater(deliveryId, "answered " + status);
            } else {
                // Refused for good (credentials, rights): trying every minute would not help; the feed tombstone stands.
                log.error("WordPress refused to trash post {} of {} ({}); it stays on the site", postId, deliveryId, status);
                mongo.updateFirst(byId(deliveryId), new Update().set("postId", postId).set("trashError", status)
                        .unset("trashPending"), COLLECTION);
            }
        } catch (OutboundUrlPolicy.Refused e) {
            calls.record("wordpress.trash_post", Outcome.PERMANENT, started);
            log.warn("Not trashing the WordPress post of {}: {} ({})", deliveryId, e.messageEn(), e.code());
            mongo.updateFirst(byId(deliveryId), new Update().unset("trashPending"), COLLECTION);
        } catch (IOException e) {
            calls.record("wordpress.trash_post", Outcome.RETRYABLE, started);
            trashLater(deliveryId, Excerpt.of(e.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            trashLater(deliveryId, "interrupted");
        }
    }

    private void trashLater(String deliveryId, String why) {
        log.warn("Could not trash the WordPress post of {} yet ({}); will try again", deliveryId, why);
        mongo.updateFirst(byId(deliveryId), new Update().set("trashPending", true), COLLECTION);
    }

    private void send(DeliveryRequested request, WordPressTargets.Target target, String operation, String path,
                      boolean creating) {
        long started = System.nanoTime();
        OutboundHttp.Answer response;
        try {
            response = http.send(request(target, path).header("Content-Type", "application/json; charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(post(request, target))))
                    .build());
        } catch (OutboundUrlPolicy.Refused e) {
            calls.record(operation, Outcome.PERMANENT, started);
            throw fail(request, REFUSED, e.code(), "WP_URL_REFUSED", "Địa chỉ WordPress của cổng bị từ chối: "
                    + e.messageVi() + " / The portal's WordPress address is refused: " + e.messageEn(), creating);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            calls.record(operation, Outcome.RETRYABLE, started);
            String cause = cause(e);
            throw later(request, false, creating, "WP_UNREACHABLE", "Không kết nối được WordPress của cổng: " + cause
                    + "; hệ thống sẽ thử lại. / WordPress site unreachable: " + cause + "; will retry.", null);
        } catch (IOException e) {
            // Sent, but no complete answer (timeout, connection closed): the post may exist.
            calls.record(operation, Outcome.RETRYABLE, started);
            log.info("WordPress {} of {} unconfirmed: {}", operation, request.deliveryId(), cause(e));
            throw later(request, creating, creating, "WP_UNCONFIRMED", UNCONFIRMED_REASON, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw later(request, creating, creating, "WP_UNCONFIRMED", UNCONFIRMED_REASON, null);
        }
        int status = response.status();
        Duration retryAfter = response.retryAfter(clock).orElse(null);
        if ((status == 201 || status == 200) && response.body() != null && readId(response.body()) > 0) {
            calls.record(operation, Outcome.SUCCESS, started);
            created(request, target, json.readTree(response.body()));
        } else if (status / 100 == 2) {
            calls.record(operation, Outcome.RETRYABLE, started);
            throw later(request, creating, creating, "WP_UNCONFIRMED", UNCONFIRMED_REASON, null);
        } else if (status == 429 || status == 503 || status == 408 || status == 425) {
            // Throttled, in maintenance, or the request not read in time: WordPress did not act on it.
            calls.record(operation, Outcome.RETRYABLE, started);
            throw later(request, false, creating, status == 429 ? "WP_RATE_LIMITED" : "WP_UNAVAILABLE",
                    waitReason(status, retryAfter), retryAfter);
        } else if (status >= 500) {
            // A gateway error or timeout in front of WordPress: the save may have finished behind it.
            calls.record(operation, Outcome.RETRYABLE, started);
            throw later(request, creating, creating, "WP_UNAVAILABLE", waitReason(status, retryAfter), retryAfter);
        } else if (!creating && (status == 404 || status == 410)) {
            // The post of an earlier attempt was deleted on the site: a re-send posts it anew.
            calls.record(operation, Outcome.PERMANENT, started);
            mongo.updateFirst(byId(request.deliveryId()), new Update().unset("postId").unset("link")
                    .set("sentAt", Date.from(clock.instant())), COLLECTION);
            send(request, target, "wordpress.create_post", "/posts", true);
        } else {
            calls.record(operation, Outcome.PERMANENT, started);
            Rejection rejection = rejection(status, response.body());
            String reasonCode = switch (status) {
                case 401 -> "WP_AUTH_REJECTED";
                case 403 -> "WP_FORBIDDEN";
                case 404, 410 -> "WP_API_NOT_FOUND";
                case 413 -> "WP_CONTENT_TOO_LARGE";
                default -> "WP_REJECTED";
            };
            throw fail(request, REJECTED, rejection.code(), reasonCode, reason(status, reasonCode, rejection), creating);
        }
    }

    private static String waitReason(int status, Duration retryAfter) {
        String wait = retryAfter == null ? "" : " (Retry-After " + retryAfter.toSeconds() + " s)";
        return status == 429
                ? "WordPress đang giới hạn số yêu cầu (429)" + wait + "; hệ thống sẽ thử lại. / WordPress is rate "
                + "limiting requests (429)" + wait + "; will retry."
                : "WordPress tạm thời không phục vụ (" + status + ")" + wait + "; hệ thống sẽ thử lại. / WordPress "
                + "is temporarily unavailable (" + status + ")" + wait + "; will retry.";
    }

    private static String reason(int status, String reasonCode, Rejection rejection) {
        if (status / 100 == 3) {
            return "WordPress trả lời chuyển hướng (" + status + "), không được theo: kiểm tra địa chỉ (https, địa chỉ "
                    + "cuối cùng). / WordPress answered a redirect (" + status + "), which is not followed: check the "
                    + "base URL (https, the final address).";
        }
        return switch (reasonCode) {
            case "WP_AUTH_REJECTED" -> "WordPress từ chối tài khoản/mật khẩu ứng dụng (" + rejection.code()
                    + "): cần cấp lại Application Password cho cổng. / WordPress rejected the username or "
                    + "application password (" + rejection.code() + "): " + rejection.message();
            case "WP_FORBIDDEN" -> "Tài khoản WordPress không có quyền đăng bài (" + rejection.code()
                    + "). / The WordPress user may not publish posts (" + rejection.code() + "): " + rejection.message();
            case "WP_API_NOT_FOUND" -> "Không tìm thấy REST API bài viết của WordPress (" + status + " "
                    + rejection.code() + "): kiểm tra địa chỉ cổng và REST API. / The WordPress posts REST API was "
                    + "not found (" + status + " " + rejection.code() + "): check the base URL and that the REST API "
                    + "is enabled.";
            case "WP_CONTENT_TOO_LARGE" -> "WordPress từ chối vì nội dung quá lớn (413). / WordPress refused the "
                    + "post as too large (413): " + rejection.message();
            case "WP_LOOKUP_REJECTED" -> "WordPress từ chối tra cứu bài viết (" + status + " " + rejection.code()
                    + "): không xác nhận được bài đã đăng hay chưa nên không đăng lại. / WordPress refused the look-up "
                    + "of the post (" + status + " " + rejection.code() + "): whether it was already posted cannot be "
                    + "confirmed, so it is not posted again. " + rejection.message();
            default -> "WordPress từ chối bài viết (" + status + " " + rejection.code() + "). / WordPress refused the post ("
                    + status + " " + rejection.code() + "): " + rejection.message();
        };
    }

    /**
     * Records the post (and trashes it at once if the delivery was retracted while the create was on its way,
     * so no post outlives its campaign); otherwise PUBLISHED.
     */
    private void created(DeliveryRequested request, WordPressTargets.Target target, JsonNode post) {
        int postId = post.path("id").asInt();
        String link = post.path("link").asString(null);
        Document after = mongo.findAndModify(byId(request.deliveryId()), new Update().set("state", CREATED)
                        .set("postId", postId).set("link", link).set("attempt", request.attempt()).unset("sentAt"),
                FindAndModifyOptions.options().returnNew(true), Document.class, COLLECTION);
        if (after != null && after.get("withdrawnAt") != null) {
            log.info("Delivery {} was retracted while its WordPress post {} was being created: trashing it",
                    request.deliveryId(), postId);
            trash(after, target);
            return;
        }
        deliveries.rememberExternalRef(request.deliveryId(), String.valueOf(postId));
        report(request, DeliveryStatus.PUBLISHED, null, null, String.valueOf(postId), link);
    }

    /** The delivery's post, if WordPress has it; a failed look-up makes the delivery wait or fail, never re-post. */
    private Optional<JsonNode> findBySlug(DeliveryRequested request, WordPressTargets.Target target) {
        long started = System.nanoTime();
        OutboundHttp.Answer response;
        try {
            response = lookup(target, slug(request.deliveryId()));
        } catch (OutboundUrlPolicy.Refused e) {
            calls.record("wordpress.find_post", Outcome.PERMANENT, started);
            throw fail(request, REFUSED, e.code(), "WP_URL_REFUSED", "Địa chỉ WordPress của cổng bị từ chối: "
                    + e.messageVi() + " / The portal's WordPress address is refused: " + e.messageEn(), false);
        } catch (IOException e) {
            calls.record("wordpress.find_post", Outcome.RETRYABLE, started);
            String cause = cause(e);
            throw new RetryLater("WP_UNREACHABLE", truncate("Không kiểm tra được bài viết trên WordPress: " + cause
                    + "; hệ thống sẽ thử lại. / Could not look the post up on WordPress: " + cause + "; will retry.", 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryLater("WP_UNCONFIRMED", UNCONFIRMED_REASON);
        }
        int status = response.status();
        if (status == 200) {
            calls.record("wordpress.find_post", Outcome.SUCCESS, started);
            return first(response);
        }
        Duration retryAfter = response.retryAfter(clock).orElse(null);
        if (status >= 500 || status == 429 || status == 408 || status == 425) {
            calls.record("wordpress.find_post", Outcome.RETRYABLE, started);
            throw new RetryLater(status == 429 ? "WP_RATE_LIMITED" : "WP_UNAVAILABLE", waitReason(status, retryAfter),
                    retryAfter);
        }
        calls.record("wordpress.find_post", Outcome.PERMANENT, started);
        Rejection rejection = rejection(status, response.body());
        String reasonCode = status == 401 ? "WP_AUTH_REJECTED" : status == 403 ? "WP_FORBIDDEN" : "WP_LOOKUP_REJECTED";
        throw fail(request, REJECTED, rejection.code(), reasonCode, reason(status, reasonCode, rejection), false);
    }

    private OutboundHttp.Answer lookup(WordPressTargets.Target target, String slug)
            throws OutboundUrlPolicy.Refused, IOException, InterruptedException {
        // Trashed posts are not listed (status=any excludes trash): a post the portal's editor trashed is gone.
        return http.send(request(target, "/posts?status=any&_fields=id,link,slug,status&slug="
                + URLEncoder.encode(slug, StandardCharsets.UTF_8)).GET().build());
    }

    private Optional<JsonNode> first(OutboundHttp.Answer answer) {
        JsonNode list = json.readTree(answer.body());
        return list.isArray() && !list.isEmpty() && list.get(0).path("id").asInt() > 0
                ? Optional.of(list.get(0)) : Optional.empty();
    }

    private int readId(String body) {
        try {
            return json.readTree(body).path("id").asInt(0);
        } catch (RuntimeException notJson) {
            return 0;
        }
    }

    /**
     * Makes the delivery wait (the kit reports RETRYING and calls {@link #resume} at {@code retry.nextAt}).
     * {@code mayExist}: the call may have created the post, so the next try looks it up first; otherwise the
     * answer proves this create made nothing.
     */
    private RetryLater later(DeliveryRequested request, boolean mayExist, boolean creating, String reasonCode,
                             String reason, Duration notBefore) {
        Update update = new Update().set("state", mayExist ? UNCONFIRMED : WAITING)
                .set("updatedAt", Date.from(clock.instant()));
        if (creating && !mayExist) {
            update.unset("sentAt");
        }
        mongo.updateFirst(byId(request.deliveryId()), update, COLLECTION);
        return new RetryLater(reasonCode, truncate(reason, 1000), notBefore);
    }

    /** Reports FAILED (a permanent answer) and returns the signal that ends this attempt. */
    private Failed fail(DeliveryRequested request, String state, String error, String reasonCode, String reason,
                        boolean creating) {
        Update update = new Update().set("state", state).set("error", error);
        if (creating) {
            update.unset("sentAt"); // refused: this create made nothing
        }
        mongo.updateFirst(byId(request.deliveryId()), update, COLLECTION);
        report(request, DeliveryStatus.FAILED, reasonCode, truncate(reason, 1000), null, null);
        return new Failed();
    }

    private static String cause(Exception e) {
        return Excerpt.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    private static Query byId(String deliveryId) {
        return Query.query(Criteria.where("_id").is(deliveryId));
    }

    private HttpRequest.Builder request(WordPressTargets.Target target, String path) {
        String basic = Base64.getEncoder().encodeToString((target.username() + ":" + target.applicationPassword())
                .getBytes(StandardCharsets.UTF_8));
        return http.request(URI.create(target.baseUrl() + "/wp-json/wp/v2" + path))
                .header("Authorization", "Basic " + basic).header("Accept", "application/json");
    }

    private Map<String, Object> post(DeliveryRequested request, WordPressTargets.Target target) {
        Map<String, Object> post = new LinkedHashMap<>();
        post.put("title", FeedText.text(request.content().title()));
        String html = FeedText.html(request.content().html());
        post.put("content", html != null ? html : "<p>" + escape(FeedText.text(request.content().text())) + "</p>");
        if (request.content().summary() != null) {
            post.put("excerpt", FeedText.text(request.content().summary()));
        }
        post.put("slug", slug(request.deliveryId()));
        post.put("status", target.postStatus());
        dateGmt(request.publishAt()).ifPresent(d -> post.put("date_gmt", d));
        if (!target.categories().isEmpty()) {
            post.put("categories", target.categories());
        }
        return post;
    }

    static String slug(String deliveryId) {
        return ("govcomm-" + deliveryId).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    }

    private static Optional<String> dateGmt(String publishAt) {
        try {
            return publishAt == null ? Optional.empty()
                    : Optional.of(WP_DATE.format(OffsetDateTime.parse(publishAt).atZoneSameInstant(ZoneOffset.UTC)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** WordPress's error code and message, as short excerpts: an error body is never kept whole. */
    private Rejection rejection(int status, String body) {
        try {
            JsonNode node = json.readTree(body);
            if (node.isObject()) {
                return new Rejection(status, Excerpt.of(node.path("code").asString("http_" + status), 60),
                        Excerpt.of(node.path("message").asString("")));
            }
        } catch (RuntimeException e) {
            // not JSON: an excerpt of the text below
        }
        return new Rejection(status, "http_" + status, Excerpt.of(body));
    }

    private void report(DeliveryRequested request, DeliveryStatus status, String reasonCode, String reason,
                        String externalRef, String permalink) {
        deliveries.report(DeliveryRef.of(request), status, reasonCode, reason, externalRef, permalink);
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
