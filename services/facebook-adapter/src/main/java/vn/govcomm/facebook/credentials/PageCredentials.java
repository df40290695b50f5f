package vn.govcomm.facebook.credentials;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import vn.govcomm.facebook.graph.ChannelMetrics;
import vn.govcomm.facebook.graph.GraphFailure;
import vn.govcomm.kit.secrets.CredentialCipher;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Page credentials (collection {@value #COLLECTION}), one document per Page: the Page token encrypted with
 * AES-GCM ({@link CredentialCipher}, the Page id bound as associated data), the Page's status (CONNECTED,
 * NEEDS_ATTENTION, DISCONNECTED) and, when it needs attention, the reason an officer reads. Every write is a
 * single-document update. Tokens are decrypted only to call Graph and never logged or returned.
 */
@Component
public class PageCredentials {

    public static final String COLLECTION = "page_credentials";
    public static final List<String> ATTENTION_REASONS = List.of("token_expired", "permission", "policy_blocked",
            "not_connected");
    private static final Logger log = LoggerFactory.getLogger(PageCredentials.class);

    private final MongoTemplate mongo;
    private final CredentialCipher cipher;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, AtomicLong> attention = new ConcurrentHashMap<>();

    public PageCredentials(MongoTemplate mongo, CredentialCipher cipher, MeterRegistry meters) {
        this.mongo = mongo;
        this.cipher = cipher;
        for (String reason : ATTENTION_REASONS) {
            AtomicLong count = attention.computeIfAbsent(reason, r -> new AtomicLong());
            Gauge.builder("govcomm.endpoints.attention", count, AtomicLong::get)
                    .tag("channel", ChannelMetrics.CHANNEL).tag("reason", reason)
                    .description("Facebook Pages that need an officer's attention").register(meters);
        }
        refreshAttentionCounts();
    }

    /** Connects a Page or rotates its token; clears any attention mark. */
    public void connect(String pageId, String name, String token, String by) {
        Date now = Date.from(clock.instant());
        Update update = new Update().set("token", cipher.encrypt(token, pageId)).set("status", "CONNECTED")
                .set("updatedAt", now).set("updatedBy", by).unset("attention")
                .setOnInsert("connectedAt", now);
        if (name != null && !name.isBlank()) {
            update.set("name", name);
        }
        mongo.upsert(Query.query(Criteria.where("_id").is(pageId)), update, COLLECTION);
        log.info("Facebook Page {} connected by {}", pageId, by);
        refreshAttentionCounts();
    }

    /**
     * Imports a configured token only if the Page has no stored credential (configuration is a bootstrap). The
     * caller refreshes the attention gauges once after a batch of imports.
     */
    public boolean importIfAbsent(String pageId, String token) {
        return importAllIfAbsent(java.util.Map.of(pageId, token)) == 1;
    }

    /**
     * {@link #importIfAbsent} for many Pages in one unordered bulk insert (thousands of Pages at start-up in a
     * nationwide deployment); Pages that already have a stored credential are left alone. Returns how many were
     * imported.
     */
    public int importAllIfAbsent(java.util.Map<String, String> tokens) {
        Date now = Date.from(clock.instant());
        java.util.List<Document> documents = new java.util.ArrayList<>(tokens.size());
        tokens.forEach((pageId, token) -> documents.add(new Document("_id", pageId)
                .append("token", cipher.encrypt(token, pageId)).append("status", "CONNECTED").append("connectedAt", now)
                .append("updatedAt", now).append("updatedBy", "configuration")));
        if (documents.isEmpty()) {
            return 0;
        }
        try {
            mongo.getCollection(COLLECTION).insertMany(documents,
                    new com.mongodb.client.model.InsertManyOptions().ordered(false));
            return documents.size();
        } catch (com.mongodb.MongoBulkWriteException e) {
            for (var error : e.getWriteErrors()) {
                if (error.getCode() != 11000) {
                    throw e;
                }
            }
            return documents.size() - e.getWriteErrors().size();
        }
    }

    /** Removes the token; the Page stays listed as DISCONNECTED. Returns false if the Page is unknown. */
    public boolean disconnect(String pageId, String by) {
        var result = mongo.updateFirst(Query.query(Criteria.where("_id").is(pageId)), new Update().unset("token")
                .unset("attention").set("status", "DISCONNECTED").set("updatedAt", Date.from(clock.instant()))
                .set("updatedBy", by), COLLECTION);
        log.info("Facebook Page {} disconnected by {}", pageId, by);
        refreshAttentionCounts();
        return result.getMatchedCount() > 0;
    }

    /** What the publisher may do with this Page now. */
    public PageAccess access(String pageId) {
        Document doc = mongo.findById(pageId, Document.class, COLLECTION);
        if (doc == null || doc.getString("token") == null) {
            return new PageAccess.Blocked(pageId, "FB_PAGE_NOT_CONNECTED", "Trang Facebook chưa được kết nối với hệ"
                    + " thống: quản trị viên cần kết nối Trang. / The Facebook Page is not connected: an admin must"
                    + " connect it.");
        }
        Document mark = doc.get("attention", Document.class);
        if (mark != null) {
            return new PageAccess.Blocked(pageId, mark.getString("code"), mark.getString("message"));
        }
        String sealed = doc.getString("token");
        return new PageAccess.Usable(pageId, new PageToken(cipher.decrypt(sealed, pageId)), sealed);
    }

    /** What {@link #needsAttention} did. */
    public enum Marking {
        /** The failure is not about the Page, or the Page is marked already: nothing changed. */
        UNCHANGED,
        /** The Page is marked now. */
        MARKED,
        /**
         * The Page's token was replaced (or removed) after the failed call read it: the failure says nothing about the
         * token the Page has now, so the Page is not marked, and what failed is worth one more try.
         */
        TOKEN_REPLACED
    }

    /**
     * Marks the Page as needing attention after a permanent error, unless its token was rotated meanwhile (the
     * condition on the stored ciphertext makes this a compare-and-set; only when it changes nothing is the Page read
     * again, to tell a rotation from a mark already there).
     */
    public Marking needsAttention(PageAccess.Usable used, GraphFailure failure) {
        GraphFailure.Attention kind = failure.attention();
        if (kind == null) {
            return Marking.UNCHANGED;
        }
        var result = mongo.updateFirst(Query.query(Criteria.where("_id").is(used.pageId()).and("token").is(used.sealed())
                        .and("attention").exists(false)),
                new Update().set("status", "NEEDS_ATTENTION").set("updatedAt", Date.from(clock.instant()))
                        .set("attention", new Document("reason", kind.metricReason()).append("code", kind.reasonCode())
                                .append("message", failure.officerReason())
                                .append("graphCode", failure.code()).append("graphSubcode", failure.subcode())
                                .append("since", Date.from(clock.instant()))), COLLECTION);
        if (result.getModifiedCount() > 0) {
            log.warn("Facebook Page {} needs attention: {} (Graph code {})", used.pageId(), kind.metricReason(),
                    failure.code());
            refreshAttentionCounts();
            return Marking.MARKED;
        }
        Document now = mongo.findById(used.pageId(), Document.class, COLLECTION);
        if (now != null && now.get("attention") == null && !used.sealed().equals(now.getString("token"))) {
            log.info("Facebook Page {}: {} (Graph code {}) answered a call with a token replaced since; not marked",
                    used.pageId(), kind.metricReason(), failure.code());
            return Marking.TOKEN_REPLACED;
        }
        return Marking.UNCHANGED;
    }

    /** Records that a delivery targeted a Page nobody connected, so it shows up in the list and the metric. */
    public void notConnected(String pageId) {
        try {
            mongo.insert(new Document("_id", pageId).append("status", "NOT_CONNECTED")
                    .append("updatedAt", Date.from(clock.instant())), COLLECTION);
            refreshAttentionCounts();
        } catch (DuplicateKeyException e) {
            // Already listed (disconnected, or connected meanwhile).
        }
    }

    public List<PageView> list() {
        return mongo.find(new Query().with(org.springframework.data.domain.Sort.by("_id")), Document.class, COLLECTION)
                .stream().map(PageCredentials::view).toList();
    }

    /** The Pages among {@code pageIds}, by id (one {@code _id $in} read). */
    public List<PageView> list(java.util.Collection<String> pageIds) {
        return mongo.find(Query.query(Criteria.where("_id").in(pageIds)).with(org.springframework.data.domain.Sort.by("_id")),
                Document.class, COLLECTION).stream().map(PageCredentials::view).toList();
    }

    public java.util.Optional<PageView> find(String pageId) {
        return java.util.Optional.ofNullable(mongo.findById(pageId, Document.class, COLLECTION)).map(PageCredentials::view);
    }

    private static PageView view(Document doc) {
        Document mark = doc.get("attention", Document.class);
        String status = doc.getString("status");
        boolean hasToken = doc.getString("token") != null;
        return new PageView(doc.getString("_id"), doc.getString("name"), status, hasToken,
                mark == null ? (hasToken ? null : "not_connected") : mark.getString("reason"),
                mark == null ? null : mark.getString("code"), mark == null ? null : mark.getString("message"),
                mark == null ? null : instant(mark.getDate("since")), instant(doc.getDate("connectedAt")),
                instant(doc.getDate("updatedAt")));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    /** Recounts Pages per attention reason for {@code govcomm.endpoints.attention} (few Pages: a cheap scan). */
    public void refreshAttentionCounts() {
        Map<String, Long> counts = new java.util.HashMap<>();
        for (Document doc : mongo.find(new Query(), Document.class, COLLECTION)) {
            Document mark = doc.get("attention", Document.class);
            String reason = mark != null ? mark.getString("reason")
                    : "NOT_CONNECTED".equals(doc.getString("status")) ? "not_connected" : null;
            if (reason != null) {
                counts.merge(reason, 1L, Long::sum);
            }
        }
        attention.forEach((reason, value) -> value.set(counts.getOrDefault(reason, 0L)));
    }
}
