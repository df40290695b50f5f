package vn.govcomm.facebook.webhooks;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.delivery.StatusReports.DeliveryRef;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Webhook events, persisted first (collection {@value #COLLECTION}, id = SHA-256 of the raw body, so Facebook's
 * retries of the same event are stored once) and processed asynchronously. Every in-flight state has a way out: a
 * sweep picks up events left RECEIVED (a crash between storing and processing) and events left PROCESSING longer than
 * the lease ({@code govcomm.facebook.webhook.lease}: the instance died mid-way), claiming them again with a
 * compare-and-set on their claim; processing is idempotent (status reports are compare-and-set moves), so doing an
 * event twice is harmless. An event that keeps failing is given up after {@code max-attempts} claims (FAILED). Only changes of posts the Page itself wrote count: the event's author ({@code from.id}, or the
 * older {@code sender_id}) must be the delivery's Page. A visitor's post on the Page's feed, or a comment or reaction
 * on our post, is never taken for our post, even when it carries one of our {@code #dlv-...} markers (anyone can
 * copy one). An event without an author is accepted only for a post found by its id ({@code externalRef}, which
 * Graph gave us for our own post), never for a post found by its marker. Mapping of the Page's feed changes for
 * posts of ours (found by externalRef or by our marker):
 * <ul>
 *   <li>{@code verb=remove} → CANCELLED, reasonCode FB_POST_REMOVED (the post is gone; FAILED cannot follow
 *       PUBLISHED in the contract's monotonic rules, CANCELLED can)</li>
 *   <li>{@code verb=add|edited} with {@code published=1} → PUBLISHED (confirms a post that was only ACCEPTED)</li>
 *   <li>anything else (hide, comments, reactions...) → ignored</li>
 * </ul>
 */
@Component
class WebhookEvents {

    static final String COLLECTION = "webhook_events";
    private static final Logger log = LoggerFactory.getLogger(WebhookEvents.class);
    private static final Pattern MARKER = Pattern.compile("#(dlv-[A-Za-z0-9_-]+)\\s*$");
    /** Feed items about something on a post, not the post itself. */
    private static final java.util.Set<String> NOT_THE_POST = java.util.Set.of("comment", "reaction", "like");

    private final MongoTemplate mongo;
    private final AdapterDeliveries deliveries;
    private final JsonMapper json;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final java.time.Duration lease;
    private final int maxAttempts;
    private final java.time.Clock clock;

    @org.springframework.beans.factory.annotation.Autowired
    WebhookEvents(MongoTemplate mongo, AdapterDeliveries deliveries, JsonMapper json,
                  vn.govcomm.facebook.FacebookProperties properties) {
        this(mongo, deliveries, json, properties, java.time.Clock.systemUTC());
    }

    WebhookEvents(MongoTemplate mongo, AdapterDeliveries deliveries, JsonMapper json,
                  vn.govcomm.facebook.FacebookProperties properties, java.time.Clock clock) {
        this.mongo = mongo;
        this.deliveries = deliveries;
        this.json = json;
        this.lease = properties.webhook().lease();
        this.maxAttempts = properties.webhook().maxAttempts();
        this.clock = clock;
        mongo.indexOps(COLLECTION).createIndex(new org.springframework.data.mongodb.core.index.Index()
                .on("state", org.springframework.data.domain.Sort.Direction.ASC).named("state"));
        // a feed change finds its delivery by the page post it made (feedChange); sparse: only posted deliveries have
        // an externalRef. On the adapter's deliveries (AdapterDeliveries keeps the field), here where it is queried.
        mongo.indexOps(AdapterDeliveries.COLLECTION).createIndex(new org.springframework.data.mongodb.core.index.Index()
                .on("externalRef", org.springframework.data.domain.Sort.Direction.ASC).sparse().named("external_ref"));
    }

    /** Stores the event (a duplicate is a no-op) and schedules its processing; returns at once. */
    void receive(byte[] raw) {
        String id = sha256(raw);
        try {
            mongo.insert(new Document("_id", id).append("body", new String(raw, StandardCharsets.UTF_8))
                    .append("state", "RECEIVED").append("receivedAt", new Date()), COLLECTION);
        } catch (DuplicateKeyException e) {
            return;
        }
        executor.execute(() -> {
            try {
                process(id);
            } catch (RuntimeException e) {
                log.warn("Webhook event {} not processed now ({}); the sweep takes it up", id, e.toString());
            }
        });
    }

    /**
     * Picks up events left RECEIVED (a crash between storing and processing) and events whose PROCESSING claim is
     * older than the lease (the instance processing them died or hung). Returns how many were processed.
     */
    @Scheduled(fixedDelayString = "${govcomm.facebook.webhook.sweep-interval:30s}")
    void sweep() {
        sweepOnce();
    }

    int sweepOnce() {
        Instant now = clock.instant();
        int done = 0;
        for (Document doc : mongo.find(Query.query(Criteria.where("state").is("RECEIVED")
                .and("receivedAt").lt(Date.from(now.minusSeconds(10)))).limit(100), Document.class, COLLECTION)) {
            done += process(doc.getString("_id")) ? 1 : 0;
        }
        for (Document doc : mongo.find(Query.query(Criteria.where("state").is("PROCESSING")
                .and("claimedAt").lt(Date.from(now.minus(lease)))).limit(100), Document.class, COLLECTION)) {
            done += recover(doc) ? 1 : 0;
        }
        return done;
    }

    /** An event left PROCESSING past its lease: claimed again (compare-and-set on the stale claim) and processed. */
    private boolean recover(Document stale) {
        String id = stale.getString("_id");
        int claims = stale.getInteger("claims", 1);
        if (claims >= maxAttempts) {
            log.error("Webhook event {} was claimed {} times without finishing; given up", id, claims);
            mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("claimedAt").is(stale.getDate("claimedAt"))),
                    new Update().set("state", "FAILED").set("processedAt", Date.from(clock.instant()))
                            .set("error", "abandoned " + claims + " times"), COLLECTION);
            return false;
        }
        log.warn("Webhook event {} was left PROCESSING since {} (instance died mid-way); processing it again", id,
                stale.getDate("claimedAt"));
        return run(mongo.findAndModify(Query.query(Criteria.where("_id").is(id).and("state").is("PROCESSING")
                        .and("claimedAt").is(stale.getDate("claimedAt"))),
                new Update().set("claimedAt", Date.from(clock.instant())).inc("claims", 1),
                FindAndModifyOptions.options().returnNew(true), Document.class, COLLECTION));
    }

    boolean process(String id) {
        // Claim it (single-document compare-and-set) so the sweep and the immediate run do not both process it.
        return run(mongo.findAndModify(Query.query(Criteria.where("_id").is(id).and("state").is("RECEIVED")),
                new Update().set("state", "PROCESSING").set("claimedAt", Date.from(clock.instant())).inc("claims", 1),
                FindAndModifyOptions.options().returnNew(true), Document.class, COLLECTION));
    }

    private boolean run(Document claimed) {
        if (claimed == null) {
            return false;
        }
        String id = claimed.getString("_id");
        String outcome = "PROCESSED";
        try {
            JsonNode root = json.readTree(claimed.getString("body"));
            for (JsonNode entry : root.path("entry")) {
                for (JsonNode change : entry.path("changes")) {
                    if ("feed".equals(change.path("field").asString())) {
                        feedChange(change.path("value"));
                    }
                }
            }
        } catch (RuntimeException e) {
            log.warn("Webhook event {} could not be processed: {}", id, e.toString());
            outcome = "FAILED";
        }
        // Only our own claim is finished: a sweep that took the event over meanwhile owns it now.
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("claimedAt").is(claimed.getDate("claimedAt"))),
                new Update().set("state", outcome).set("processedAt", Date.from(clock.instant())), COLLECTION);
        return true;
    }

    private void feedChange(JsonNode value) {
        String postId = value.path("post_id").asString(null);
        String verb = value.path("verb").asString("");
        if (postId == null || NOT_THE_POST.contains(value.path("item").asString(""))
                || value.has("comment_id") || value.has("reaction_type")) {
            return;
        }
        String author = author(value);
        Document delivery = mongo.findOne(Query.query(Criteria.where("externalRef").is(postId)), Document.class,
                AdapterDeliveries.COLLECTION);
        boolean byMarker = false;
        if (delivery == null) {
            Matcher marker = MARKER.matcher(value.path("message").asString(""));
            if (marker.find()) {
                delivery = mongo.findById(marker.group(1), Document.class, AdapterDeliveries.COLLECTION);
                byMarker = true;
            }
        }
        if (delivery == null) {
            return; // not a post of ours
        }
        String pageId = delivery.getString("externalId");
        boolean pagesOwn = author != null ? author.equals(pageId) : !byMarker;
        if (!pagesOwn) {
            log.info("Feed change {} of post {} ignored for delivery {}: written by {}, not by its Page", verb, postId,
                    delivery.getString("_id"), author == null ? "an unknown author" : "another author");
            return;
        }
        DeliveryRef ref = new DeliveryRef(delivery.getString("_id"), delivery.getString("campaignId"),
                delivery.getString("agencyId"), delivery.getString("endpointId"), delivery.getInteger("attempt", 1));
        switch (verb) {
            case "remove" -> deliveries.report(ref, DeliveryStatus.CANCELLED, "FB_POST_REMOVED",
                    "Bài đã bị xoá trên Trang Facebook (bởi quản trị viên Trang). / The post was removed from the"
                            + " Facebook Page by a Page admin.", postId, null);
            case "add", "edited" -> {
                if (value.path("published").asInt(1) == 1) {
                    deliveries.report(ref, DeliveryStatus.PUBLISHED, null, null, postId, null);
                }
            }
            default -> log.debug("Feed change {} for {} ignored", verb, postId);
        }
    }

    /** Who wrote the post: {@code from.id}, or {@code sender_id} in the older shape of feed events. */
    private static String author(JsonNode value) {
        String from = value.path("from").path("id").asString(null);
        if (from != null && !from.isBlank()) {
            return from;
        }
        JsonNode sender = value.path("sender_id");
        return sender.isMissingNode() || sender.isNull() ? null : sender.asString();
    }

    private static String sha256(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
