package vn.govcomm.zalo.webhooks;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.delivery.StatusReports.DeliveryRef;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Verified webhook events (collection {@value #COLLECTION}), stored before Zalo gets its 200 and processed on
 * a single background thread; unprocessed ones are picked up again after a restart.
 * <p>Status mapping (only statuses of the contract enum): {@code user_received_message} whose
 * {@code message.tracking_id} is one of our delivery ids → PUBLISHED (the message reached the citizen's phone),
 * {@code msg_id} as externalRef. Everything else ({@code user_seen_message}, {@code follow}, {@code unfollow},
 * user messages) is stored and marked processed without a status: the contract has no SEEN status.
 */
@Component
class WebhookEvents implements DisposableBean {

    static final String COLLECTION = "zalo_webhook_events";
    private static final Logger log = LoggerFactory.getLogger(WebhookEvents.class);

    private final MongoTemplate mongo;
    private final AdapterDeliveries deliveries;
    private final JsonMapper json;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "zalo-webhooks");
        t.setDaemon(true);
        return t;
    });

    WebhookEvents(MongoTemplate mongo, AdapterDeliveries deliveries, JsonMapper json) {
        this.mongo = mongo;
        this.deliveries = deliveries;
        this.json = json;
    }

    /** Persists first; returns false for a duplicate (Zalo retrying), which is not processed again. */
    boolean store(byte[] rawBody, JsonNode event) {
        String id = sha256(rawBody);
        try {
            mongo.insert(new Document("_id", id).append("event", event.path("event_name").asString("unknown"))
                    .append("body", new String(rawBody, StandardCharsets.UTF_8)).append("receivedAt", new Date())
                    .append("processed", false), COLLECTION);
        } catch (DuplicateKeyException e) {
            return false;
        }
        worker.execute(() -> process(id));
        return true;
    }

    @EventListener(ApplicationReadyEvent.class)
    void processLeftovers() {
        mongo.find(Query.query(Criteria.where("processed").is(false)), Document.class, COLLECTION)
                .forEach(doc -> worker.execute(() -> process(doc.getString("_id"))));
    }

    private void process(String id) {
        Document doc = mongo.findById(id, Document.class, COLLECTION);
        if (doc == null || doc.getBoolean("processed", false)) {
            return;
        }
        String outcome;
        try {
            outcome = apply(json.readTree(doc.getString("body")));
        } catch (RuntimeException e) {
            log.warn("Zalo webhook event {} could not be processed", id, e);
            outcome = "error: " + e.getClass().getSimpleName();
        }
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id)),
                new Update().set("processed", true).set("outcome", outcome).set("processedAt", new Date()), COLLECTION);
    }

    private String apply(JsonNode event) {
        String name = event.path("event_name").asString("");
        if (!"user_received_message".equals(name)) {
            return "recorded";
        }
        JsonNode message = event.path("message");
        String trackingId = message.path("tracking_id").asString(null);
        if (trackingId == null) {
            return "no_tracking_id";
        }
        return deliveries.find(trackingId).map(stored -> {
            Document doc = mongo.findById(trackingId, Document.class, AdapterDeliveries.COLLECTION);
            DeliveryRef ref = new DeliveryRef(trackingId, doc.getString("campaignId"), doc.getString("agencyId"),
                    doc.getString("endpointId"), stored.attempt());
            boolean moved = deliveries.report(ref, DeliveryStatus.PUBLISHED, null, null,
                    stored.externalRef() == null ? message.path("msg_id").asString(null) : null, null);
            return moved ? "status:PUBLISHED" : "status:unchanged";
        }).orElse("unknown_tracking_id");
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        worker.shutdown();
        worker.awaitTermination(2, TimeUnit.SECONDS);
    }
}
