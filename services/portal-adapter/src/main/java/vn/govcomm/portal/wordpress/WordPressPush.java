package vn.govcomm.portal.wordpress;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.DeliveryRequest;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.delivery.StatusReports.DeliveryRef;
import vn.govcomm.portal.ChannelCalls;
import vn.govcomm.portal.ChannelCalls.Outcome;
import vn.govcomm.portal.FeedText;
import vn.govcomm.portal.outbound.Excerpt;
import vn.govcomm.portal.outbound.OutboundHttp;
import vn.govcomm.portal.outbound.OutboundUrlPolicy;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Optional push mode: a portal with a WordPress target gets each delivery as a post
 * ({@code POST /wp-json/wp/v2/posts}, Application Password over Basic auth). 201 → PUBLISHED with the post id as
 * externalRef and its link as permalink; an authentication rejection → FAILED with the reason an officer can act
 * on; 5xx/429/no answer → RETRYING and an exception, so Kafka redelivers and {@link #resume} continues.
 *
 * <p>The attempt is recorded ({@value #COLLECTION}) before calling; after an unknown outcome the post is looked
 * up by its deterministic slug before posting again, so a timeout never creates a duplicate post.
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

    private final WordPressTargets targets;
    private final MongoTemplate mongo;
    private final AdapterDeliveries deliveries;
    private final OutboundHttp http;
    private final JsonMapper json;
    private final ChannelCalls calls;
    private final Clock clock;

    /** WordPress answered with something that will not get better by retrying. */
    private record Rejection(int status, String code, String message) {
    }

    /** Retry later: Kafka redelivers the request (the error handler's backoff), then {@link #resume} runs. */
    public static class RetryLater extends RuntimeException {
        RetryLater(String message) {
            super(message);
        }
    }

    WordPressPush(WordPressTargets targets, MongoTemplate mongo, AdapterDeliveries deliveries, OutboundHttp http,
                  JsonMapper json, ChannelCalls calls, Clock clock) {
        this.targets = targets;
        this.mongo = mongo;
        this.deliveries = deliveries;
        this.http = http;
        this.json = json;
        this.calls = calls;
        this.clock = clock;
    }

    public boolean enabledFor(String portalId) {
        return targets.exists(portalId);
    }

    /** Posts (or, for a re-send of an already posted delivery, updates) the delivery's post. */
    public void push(DeliveryRequest request) {
        WordPressTargets.Target target = targets.find(request.externalId()).orElseThrow();
        Document record = mongo.findById(request.deliveryId(), Document.class, COLLECTION);
        Integer existingPost = record == null ? null : record.getInteger("postId");
        mongo.upsert(Query.query(Criteria.where("_id").is(request.deliveryId())),
                new Update().set("attempt", request.attempt()).set("state", "CALLING")
                        .set("portalId", request.externalId()).set("updatedAt", Date.from(clock.instant())),
                COLLECTION);
        if (existingPost != null) {
            send(request, target, "wordpress.update_post", "/posts/" + existingPost);
        } else {
            send(request, target, "wordpress.create_post", "/posts");
        }
    }

    /** A redelivered request: finish what an earlier try left unknown, never post twice. */
    public void resume(DeliveryRequest request) {
        Document record = mongo.findById(request.deliveryId(), Document.class, COLLECTION);
        if (record != null && "CREATED".equals(record.getString("state"))
                && record.getInteger("attempt", 0) == request.attempt()) {
            report(request, DeliveryStatus.PUBLISHED, null, null, String.valueOf(record.getInteger("postId")),
                    record.getString("link")); // the status report may be what was lost
            return;
        }
        WordPressTargets.Target target = targets.find(request.externalId()).orElse(null);
        if (target == null) {
            return; // push was switched off meanwhile: the item stays in the feed
        }
        if (record != null && record.getInteger("postId") == null) {
            Optional<JsonNode> found = findBySlug(target, slug(request.deliveryId()));
            if (found.isPresent()) {
                created(request, found.get());
                return;
            }
        }
        push(request);
    }

    /** Retraction: the post goes to the WordPress trash (best effort; the feed tombstone is authoritative). */
    public void withdraw(String deliveryId, String portalId) {
        Document record = mongo.findById(deliveryId, Document.class, COLLECTION);
        if (record == null || record.getInteger("postId") == null) {
            return;
        }
        targets.find(portalId).ifPresent(target -> {
            long started = System.nanoTime();
            try {
                int status = http.sendDiscarding(request(target, "/posts/" + record.getInteger("postId"))
                        .DELETE().build());
                boolean ok = status == 200 || status == 410;
                calls.record("wordpress.trash_post", ok ? Outcome.SUCCESS
                        : status >= 500 ? Outcome.RETRYABLE : Outcome.PERMANENT, started);
                if (ok) {
                    mongo.updateFirst(Query.query(Criteria.where("_id").is(deliveryId)),
                            new Update().set("state", "TRASHED"), COLLECTION);
                }
            } catch (OutboundUrlPolicy.Refused e) {
                calls.record("wordpress.trash_post", Outcome.PERMANENT, started);
                log.warn("Not trashing the WordPress post of {}: {} ({})", deliveryId, e.messageEn(), e.code());
            } catch (IOException e) {
                calls.record("wordpress.trash_post", Outcome.RETRYABLE, started);
                log.warn("Could not trash WordPress post of {}: {}", deliveryId, Excerpt.of(e.toString()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private void send(DeliveryRequest request, WordPressTargets.Target target, String operation, String path) {
        long started = System.nanoTime();
        OutboundHttp.Answer response;
        try {
            response = http.send(request(target, path).header("Content-Type", "application/json; charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(post(request, target))))
                    .build());
        } catch (OutboundUrlPolicy.Refused e) {
            calls.record(operation, Outcome.PERMANENT, started);
            mongo.updateFirst(Query.query(Criteria.where("_id").is(request.deliveryId())),
                    new Update().set("state", "REFUSED").set("error", e.code()), COLLECTION);
            report(request, DeliveryStatus.FAILED, "WP_URL_REFUSED", "Địa chỉ WordPress của cổng bị từ chối: "
                    + e.messageVi() + " / The portal's WordPress address is refused: " + e.messageEn(), null, null);
            return;
        } catch (IOException e) {
            calls.record(operation, Outcome.RETRYABLE, started);
            String cause = Excerpt.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            retryLater(request, "WP_UNREACHABLE", "Không kết nối được WordPress của cổng: " + cause
                    + " / WordPress site unreachable: " + cause);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryLater("interrupted");
        }
        int status = response.status();
        if (status == 201 || status == 200) {
            calls.record(operation, Outcome.SUCCESS, started);
            created(request, json.readTree(response.body()));
        } else if (status >= 500 || status == 429 || status == 408) {
            calls.record(operation, Outcome.RETRYABLE, started);
            retryLater(request, "WP_UNAVAILABLE", "WordPress trả lời " + status + ", sẽ thử lại. / WordPress answered "
                    + status + ", will retry.");
        } else {
            calls.record(operation, Outcome.PERMANENT, started);
            Rejection rejection = rejection(status, response.body());
            String reasonCode = status == 401 ? "WP_AUTH_REJECTED" : status == 403 ? "WP_FORBIDDEN" : "WP_REJECTED";
            String reason = reason(status, reasonCode, rejection);
            mongo.updateFirst(Query.query(Criteria.where("_id").is(request.deliveryId())),
                    new Update().set("state", "REJECTED").set("error", rejection.code()), COLLECTION);
            report(request, DeliveryStatus.FAILED, reasonCode, truncate(reason, 1000), null, null);
        }
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
            default -> "WordPress từ chối bài viết (" + status + " " + rejection.code() + "). / WordPress refused the post ("
                    + status + " " + rejection.code() + "): " + rejection.message();
        };
    }

    private void created(DeliveryRequest request, JsonNode post) {
        int postId = post.path("id").asInt();
        String link = post.path("link").asString(null);
        mongo.updateFirst(Query.query(Criteria.where("_id").is(request.deliveryId())),
                new Update().set("state", "CREATED").set("postId", postId).set("link", link)
                        .set("attempt", request.attempt()), COLLECTION);
        deliveries.rememberExternalRef(request.deliveryId(), String.valueOf(postId));
        report(request, DeliveryStatus.PUBLISHED, null, null, String.valueOf(postId), link);
    }

    private Optional<JsonNode> findBySlug(WordPressTargets.Target target, String slug) {
        long started = System.nanoTime();
        try {
            OutboundHttp.Answer response = http.send(request(target, "/posts?status=any&slug="
                    + URLEncoder.encode(slug, StandardCharsets.UTF_8)).GET().build());
            if (response.status() != 200) {
                calls.record("wordpress.find_post", response.status() >= 500 ? Outcome.RETRYABLE : Outcome.PERMANENT,
                        started);
                return Optional.empty();
            }
            calls.record("wordpress.find_post", Outcome.SUCCESS, started);
            JsonNode list = json.readTree(response.body());
            return list.isArray() && !list.isEmpty() ? Optional.of(list.get(0)) : Optional.empty();
        } catch (OutboundUrlPolicy.Refused e) {
            calls.record("wordpress.find_post", Outcome.PERMANENT, started);
            return Optional.empty(); // the post that follows is refused too, and fails the delivery
        } catch (IOException e) {
            calls.record("wordpress.find_post", Outcome.RETRYABLE, started);
            throw new RetryLater("WordPress lookup failed: " + Excerpt.of(String.valueOf(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryLater("interrupted");
        }
    }

    private HttpRequest.Builder request(WordPressTargets.Target target, String path) {
        String basic = Base64.getEncoder().encodeToString((target.username() + ":" + target.applicationPassword())
                .getBytes(StandardCharsets.UTF_8));
        return http.request(URI.create(target.baseUrl() + "/wp-json/wp/v2" + path))
                .header("Authorization", "Basic " + basic).header("Accept", "application/json");
    }

    private Map<String, Object> post(DeliveryRequest request, WordPressTargets.Target target) {
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

    private void retryLater(DeliveryRequest request, String reasonCode, String reason) {
        report(request, DeliveryStatus.RETRYING, reasonCode, truncate(reason, 1000), null, null);
        throw new RetryLater(reason);
    }

    private void report(DeliveryRequest request, DeliveryStatus status, String reasonCode, String reason,
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
