package vn.govcomm.zalo.articles;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.delivery.StatusReports.DeliveryRef;
import vn.govcomm.kit.store.EmbeddedStore;
import vn.govcomm.zalo.oa.ZaloCallException;
import vn.govcomm.zalo.oa.ZaloClient;
import vn.govcomm.zalo.oa.ZaloClient.Operation;
import vn.govcomm.zalo.oa.ZaloInterrupted;
import vn.govcomm.zalo.oa.ZaloProperties;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The article flow of one delivery as a persisted state machine (field {@code zalo} of the delivery document):
 * QUEUED → CREATING → VERIFYING → BROADCAST_PENDING → BROADCASTING → DONE, with CREATE_UNCONFIRMED when the answer
 * to {@code article/create} was lost. Every step runs on this class's scheduler, never on a Kafka listener
 * thread; each step is persisted before its call, so a restart resumes where the previous run stopped:
 * a create that was in flight is looked up ({@code getslice} + our reference in the body) before anything is
 * created again, and a broadcast that was in flight is never resent (followers would be notified twice).
 */
@Component
class ArticleWorkflow implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ArticleWorkflow.class);
    static final List<String> ACTIVE = List.of("QUEUED", "CREATING", "CREATE_UNCONFIRMED", "VERIFYING",
            "BROADCAST_PENDING", "BROADCASTING");

    private final MongoTemplate mongo;
    private final AdapterDeliveries deliveries;
    private final ZaloClient zalo;
    private final ZaloProperties.Workflow settings;
    private final ZaloProperties.Broadcast broadcast;
    private final ScheduledExecutorService scheduler;

    ArticleWorkflow(MongoTemplate mongo, AdapterDeliveries deliveries, ZaloClient zalo, ZaloProperties properties) {
        this.mongo = mongo;
        this.deliveries = deliveries;
        this.zalo = zalo;
        this.settings = properties.workflow();
        this.broadcast = properties.broadcast();
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(settings.threads(), r -> {
            Thread t = new Thread(r, "zalo-workflow-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.scheduler = executor;
        // Embedded store only (no-op on MongoDB): the plan's compare-and-sets filter on exactly these fields.
        EmbeddedStore.ensureLookupIndex(mongo, AdapterDeliveries.COLLECTION, "attempt");
        EmbeddedStore.ensureLookupIndex(mongo, AdapterDeliveries.COLLECTION, "attempt", "zalo.phase", "zalo.attempt");
    }

    /** Persists the plan (the exact article body, our reference) and schedules the first step. */
    void start(String deliveryId, int attempt, Map<String, Object> article) {
        Document plan = new Document("attempt", attempt).append("phase", "QUEUED").append("article", new Document(article))
                .append("steps", 0).append("verifies", 0).append("lookups", 0);
        mongo.updateFirst(Query.query(Criteria.where("_id").is(deliveryId).and("attempt").is(attempt)),
                new Update().set("zalo", plan), AdapterDeliveries.COLLECTION);
        schedule(deliveryId, Duration.ZERO);
    }

    /** Continues wherever the stored plan is (redelivery, restart); harmless if already running. */
    void resume(String deliveryId) {
        schedule(deliveryId, Duration.ZERO);
    }

    boolean hasPlan(String deliveryId, int attempt) {
        Document doc = mongo.findById(deliveryId, Document.class, AdapterDeliveries.COLLECTION);
        Document plan = doc == null ? null : doc.get("zalo", Document.class);
        return plan != null && plan.getInteger("attempt", 0) == attempt;
    }

    @EventListener(ApplicationReadyEvent.class)
    void resumeAfterRestart() {
        List<Document> pending = mongo.find(Query.query(Criteria.where("zalo.phase").in(ACTIVE)), Document.class,
                AdapterDeliveries.COLLECTION);
        if (!pending.isEmpty()) {
            log.info("Resuming {} Zalo article deliveries left unfinished", pending.size());
        }
        pending.forEach(doc -> resume(doc.getString("_id")));
    }

    private void schedule(String deliveryId, Duration delay) {
        if (scheduler.isShutdown()) {
            return;
        }
        scheduler.schedule(() -> step(deliveryId), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void step(String deliveryId) {
        try {
            advance(deliveryId);
        } catch (ZaloInterrupted e) {
            log.info("Zalo call for delivery {} interrupted by shutdown; the next start resumes it", deliveryId);
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted() || scheduler.isShutdown()) {
                return;
            }
            log.warn("Zalo step for delivery {} failed unexpectedly; retrying later", deliveryId, e);
            schedule(deliveryId, settings.maxDelay());
        }
    }

    private void advance(String deliveryId) {
        Document doc = mongo.findById(deliveryId, Document.class, AdapterDeliveries.COLLECTION);
        Document plan = doc == null ? null : doc.get("zalo", Document.class);
        if (plan == null || plan.getInteger("attempt", 0) != doc.getInteger("attempt", 1)) {
            return;
        }
        Delivery d = new Delivery(doc, plan);
        DeliveryStatus status = DeliveryStatus.valueOf(doc.getString("status"));
        if (status == DeliveryStatus.CANCELLED || status == DeliveryStatus.EXPIRED || plan.get("retracted") != null) {
            takeBack(d);
            return;
        }
        if (status == DeliveryStatus.FAILED) {
            return;
        }
        switch (plan.getString("phase")) {
            case "QUEUED" -> create(d);
            case "CREATING" -> {
                // Found in this phase by a step = the previous run died mid-call: never create blindly again.
                if (move(d, "CREATING", new Update().set("zalo.phase", "CREATE_UNCONFIRMED"))) {
                    lookUp(reload(d));
                }
            }
            case "CREATE_UNCONFIRMED" -> lookUp(d);
            case "VERIFYING" -> verify(d);
            case "BROADCAST_PENDING" -> broadcast(d);
            case "BROADCASTING" -> move(d, "BROADCASTING", new Update().set("zalo.phase", "DONE")
                    .set("zalo.broadcast", "UNCONFIRMED"));
            default -> {
            }
        }
    }

    private void create(Delivery d) {
        if (!move(d, "QUEUED", new Update().set("zalo.phase", "CREATING").set("zalo.createStartedAt", new Date()))) {
            return;
        }
        try {
            JsonNode answer = zalo.post(d.oaId, Operation.ARTICLE_CREATE, "/article/create", d.article());
            String token = answer.path("data").path("token").asString();
            move(d, "CREATING", new Update().set("zalo.phase", "VERIFYING").set("zalo.token", token));
            deliveries.report(d.ref, DeliveryStatus.ACCEPTED, null, null, token, null, d.doc);
            schedule(d.id, settings.delay(0));
        } catch (ZaloCallException e) {
            switch (e.kind()) {
                case PERMANENT -> fail(d, "CREATING", e.reasonCode(), e.officerReason());
                case NOT_SENT -> {
                    int steps = d.count("steps") + 1;
                    if (steps >= settings.stepAttempts()) {
                        fail(d, "CREATING", e.reasonCode(), e.officerReason());
                    } else if (move(d, "CREATING", new Update().set("zalo.phase", "QUEUED").set("zalo.steps", steps))) {
                        deliveries.report(d.ref, DeliveryStatus.RETRYING, e.reasonCode(), e.officerReason(), null, null, d.doc);
                        schedule(d.id, settings.delay(steps));
                    }
                }
                default -> {
                    if (move(d, "CREATING", new Update().set("zalo.phase", "CREATE_UNCONFIRMED"))) {
                        deliveries.report(d.ref, DeliveryStatus.RETRYING, "ZALO_CREATE_UNCONFIRMED",
                                "Chưa rõ Zalo đã tạo bài viết chưa, đang kiểm tra. / Checking whether Zalo created "
                                        + "the article before trying again.", null, null, d.doc);
                        lookUp(reload(d));
                    }
                }
            }
        }
    }

    /** After a lost create answer: is our article (title + our reference in its body) on the OA already? */
    private void lookUp(Delivery d) {
        String found = null;
        try {
            JsonNode slice = zalo.get(d.oaId, Operation.ARTICLE_LIST, "/article/getslice?offset=0&limit="
                    + settings.lookupPageSize());
            String marker = ArticleContent.marker(d.id, d.ref.attempt());
            for (JsonNode media : slice.path("data").path("medias")) {
                if (!d.title().equals(media.path("title").asString())) {
                    continue;
                }
                String id = media.path("id").asString();
                JsonNode detail = zalo.get(d.oaId, Operation.ARTICLE_DETAIL, "/article/getdetail?id="
                        + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8));
                if (detail.path("data").path("body").toString().contains(marker)) {
                    found = id;
                    break;
                }
            }
        } catch (ZaloCallException e) {
            if (e.permanent()) {
                fail(d, "CREATE_UNCONFIRMED", e.reasonCode(), e.officerReason());
                return;
            }
        }
        if (found != null) {
            published(d, "CREATE_UNCONFIRMED", found);
            return;
        }
        int lookups = d.count("lookups") + 1;
        if (lookups >= settings.lookupAttempts() && d.count("recreations") < settings.recreations()) {
            // Not there after the whole look-up window: the lost create most likely never reached Zalo. Create
            // again (same reference), at most `recreations` times per attempt.
            if (move(d, "CREATE_UNCONFIRMED", new Update().set("zalo.phase", "QUEUED").set("zalo.lookups", 0)
                    .set("zalo.recreations", d.count("recreations") + 1))) {
                log.info("Zalo article of delivery {} not found after {} look-ups; creating it again", d.id, lookups);
                schedule(d.id, Duration.ZERO);
            }
        } else if (lookups >= settings.lookupAttempts()) {
            // Still not visible after a re-creation: an officer decides (a re-send is a new attempt).
            fail(d, "CREATE_UNCONFIRMED", "ZALO_CREATE_UNCONFIRMED",
                    "Zalo không xác nhận bài viết đã được tạo: kiểm tra trang OA trước khi gửi lại. / Zalo did not "
                            + "confirm whether the article was created: check the OA before re-sending.");
        } else if (move(d, "CREATE_UNCONFIRMED", new Update().set("zalo.lookups", lookups))) {
            schedule(d.id, settings.delay(lookups));
        }
    }

    private void verify(Delivery d) {
        try {
            JsonNode answer = zalo.post(d.oaId, Operation.ARTICLE_VERIFY, "/article/verify", Map.of("token", d.token()));
            JsonNode data = answer.path("data");
            String id = data.hasNonNull("id") ? data.path("id").asString() : data.path("article_id").asString(null);
            if (id == null || id.isBlank()) {
                throw new ZaloCallException(ZaloCallException.Kind.NOT_READY, 0, "ZALO_NOT_READY", "no id yet", null);
            }
            published(d, "VERIFYING", id);
        } catch (ZaloCallException e) {
            if (e.permanent()) {
                fail(d, "VERIFYING", e.reasonCode(), e.officerReason());
                return;
            }
            int verifies = d.count("verifies") + 1;
            if (verifies >= settings.verifyAttempts()) {
                fail(d, "VERIFYING", "ZALO_VERIFY_TIMEOUT", "Zalo chưa duyệt xong bài viết sau " + verifies
                        + " lần kiểm tra. / Zalo had not verified the article after " + verifies + " checks.");
            } else if (move(d, "VERIFYING", new Update().set("zalo.verifies", verifies))) {
                schedule(d.id, settings.delay(verifies));
            }
        }
    }

    private void published(Delivery d, String fromPhase, String articleId) {
        if (move(d, fromPhase, new Update().set("zalo.phase", "BROADCAST_PENDING").set("zalo.articleId", articleId)
                .set("zalo.steps", 0))) {
            deliveries.report(d.ref, DeliveryStatus.PUBLISHED, null, null, articleId, null, d.doc);
            // the plan as just written (no re-read): phase, article id and step count are all broadcast needs
            broadcast(d.withPlan(new Document(d.plan).append("phase", "BROADCAST_PENDING").append("articleId", articleId)
                    .append("steps", 0)));
        }
    }

    /** Sends the article to the OA's followers; the answer's message_id is kept as detail. */
    private void broadcast(Delivery d) {
        if (!broadcast.enabled()) {
            move(d, "BROADCAST_PENDING", new Update().set("zalo.phase", "DONE"));
            return;
        }
        if (!move(d, "BROADCAST_PENDING", new Update().set("zalo.phase", "BROADCASTING")
                .set("zalo.broadcastStartedAt", new Date()))) {
            return;
        }
        Map<String, Object> message = Map.of(
                "recipient", Map.of("target", broadcast.target()),
                "message", Map.of("attachment", Map.of("type", "template", "payload", Map.of(
                        "template_type", "media",
                        "elements", List.of(Map.of("media_type", "article", "attachment_id", d.articleId()))))));
        try {
            JsonNode answer = zalo.post(d.oaId, Operation.BROADCAST, "/oa/message", message);
            move(d, "BROADCASTING", new Update().set("zalo.phase", "DONE").set("zalo.broadcast", "SENT")
                    .set("zalo.messageId", answer.path("data").path("message_id").asString()));
        } catch (ZaloCallException e) {
            int steps = d.count("steps") + 1;
            if (e.kind() == ZaloCallException.Kind.NOT_SENT && steps < settings.stepAttempts()) {
                if (move(d, "BROADCASTING", new Update().set("zalo.phase", "BROADCAST_PENDING").set("zalo.steps", steps))) {
                    schedule(d.id, settings.delay(steps));
                }
                return;
            }
            // The article is published either way; a failed or unconfirmed broadcast is kept as detail.
            move(d, "BROADCASTING", new Update().set("zalo.phase", "DONE")
                    .set("zalo.broadcast", e.kind() == ZaloCallException.Kind.AMBIGUOUS ? "UNCONFIRMED" : "FAILED")
                    .set("zalo.broadcastReason", e.officerReason()));
            log.warn("Broadcast of delivery {} not confirmed: {}", d.id, e.reasonCode());
        }
    }

    /** The delivery was retracted while (or after) we worked on it: remove the article if it exists. */
    private void takeBack(Delivery d) {
        String phase = d.plan.getString("phase");
        if ("REMOVED".equals(phase) || "STOPPED".equals(phase)) {
            return;
        }
        String articleId = d.plan.getString("articleId");
        if (articleId == null && "VERIFYING".equals(phase)) {
            try {
                JsonNode data = zalo.post(d.oaId, Operation.ARTICLE_VERIFY, "/article/verify",
                        Map.of("token", d.token())).path("data");
                articleId = data.hasNonNull("id") ? data.path("id").asString() : data.path("article_id").asString(null);
            } catch (ZaloCallException e) {
                int verifies = d.count("verifies") + 1;
                if (!e.permanent() && verifies < settings.verifyAttempts()) {
                    mongo.updateFirst(idQuery(d), new Update().set("zalo.verifies", verifies), AdapterDeliveries.COLLECTION);
                    schedule(d.id, settings.delay(verifies));
                    return;
                }
                log.warn("Retracted delivery {}: Zalo never gave the article id, it cannot be removed", d.id);
            }
        }
        if (articleId != null) {
            try {
                zalo.post(d.oaId, Operation.ARTICLE_REMOVE, "/article/remove", Map.of("id", articleId));
            } catch (ZaloCallException e) {
                if (!e.permanent()) {
                    schedule(d.id, settings.maxDelay());
                    return;
                }
                log.warn("Removing Zalo article of delivery {} failed: {}", d.id, e.reasonCode());
            }
        }
        mongo.updateFirst(idQuery(d), new Update().set("zalo.phase", articleId != null ? "REMOVED" : "STOPPED")
                .set("zalo.articleId", articleId), AdapterDeliveries.COLLECTION);
    }

    /** Marks the plan retracted (persisted first) and takes the article back on the scheduler. */
    void retract(String deliveryId, String reason) {
        // Read, then write by _id (an index look-up everywhere). A plan created in between is not marked, but
        // then the delivery was not achieved and the status just reported (CANCELLED / EXPIRED) stops it anyway.
        Document doc = mongo.findById(deliveryId, Document.class, AdapterDeliveries.COLLECTION);
        if (doc != null && doc.get("zalo") != null) {
            mongo.updateFirst(idQuery(deliveryId), new Update().set("zalo.retracted", reason), AdapterDeliveries.COLLECTION);
        }
        schedule(deliveryId, Duration.ZERO);
    }

    private void fail(Delivery d, String fromPhase, String reasonCode, String reason) {
        if (move(d, fromPhase, new Update().set("zalo.phase", "STOPPED"))) {
            deliveries.report(d.ref, DeliveryStatus.FAILED, reasonCode, reason, null, null, d.doc);
        }
    }

    /** Compare-and-set on the plan's phase (and attempt): only one worker performs a step's side effect. */
    private boolean move(Delivery d, String fromPhase, Update update) {
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(d.id).and("attempt").is(d.ref.attempt())
                        .and("zalo.phase").is(fromPhase).and("zalo.attempt").is(d.ref.attempt())),
                update.set("updatedAt", new Date()), AdapterDeliveries.COLLECTION).getModifiedCount() == 1;
    }

    private Query idQuery(Delivery d) {
        return idQuery(d.id);
    }

    private static Query idQuery(String deliveryId) {
        return Query.query(Criteria.where("_id").is(deliveryId));
    }

    private Delivery reload(Delivery d) {
        Document doc = mongo.findById(d.id, Document.class, AdapterDeliveries.COLLECTION);
        return new Delivery(doc, doc.get("zalo", Document.class));
    }

    @Override
    public void destroy() throws InterruptedException {
        // Interrupts calls in flight: their step stays persisted as "in flight" and the next start looks it up.
        scheduler.shutdownNow();
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
    }

    private static final class Delivery {
        final Document doc;
        final String id;
        final String oaId;
        final DeliveryRef ref;
        final Document plan;

        Delivery(Document doc, Document plan) {
            this.doc = doc;
            this.id = doc.getString("_id");
            this.oaId = doc.getString("externalId");
            this.ref = new DeliveryRef(id, doc.getString("campaignId"), doc.getString("agencyId"),
                    doc.getString("endpointId"), doc.getInteger("attempt", 1));
            this.plan = plan;
        }

        Delivery withPlan(Document changed) {
            return new Delivery(doc, changed);
        }

        Document article() {
            return plan.get("article", Document.class);
        }

        String title() {
            return article().getString("title");
        }

        String token() {
            return plan.getString("token");
        }

        String articleId() {
            return plan.getString("articleId");
        }

        int count(String field) {
            return plan.getInteger(field, 0);
        }
    }
}
