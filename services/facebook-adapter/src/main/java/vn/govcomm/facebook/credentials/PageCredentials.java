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
import java.time.Duration;
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
 * <p>
 * <b>Reuse.</b> What {@link #access} says about a Page is kept in memory and reused (issue 18: a read and a decrypt
 * per delivery were about 7 % of the adapter's CPU and one store command per delivery), filled for a whole poll's Pages
 * by one {@code _id $in} read ({@link #prefetch}). Every write here also bumps a version number in
 * {@value #CHANGES} (one document), and every instance reads that number at most once per {@code check-every} (1 s)
 * while it uses the reused answers: a changed number forgets them all. So a rotation, a disconnect or an attention
 * mark made by another instance reaches this one within about a second; this instance's own writes at once. A page
 * answer is reused at most {@code reuse-for} (5 min), should a writer die between its write and its bump. A token
 * rotated during that second is still safe: the call's error then finds the stored token changed and is tried again
 * ({@link Marking#TOKEN_REPLACED}). {@code reuse-for: 0s} turns reuse off (one read per delivery, as before).
 */
@Component
public class PageCredentials {

    public static final String COLLECTION = "page_credentials";
    public static final List<String> ATTENTION_REASONS = List.of("token_expired", "permission", "policy_blocked",
            "not_connected");
    private static final Logger log = LoggerFactory.getLogger(PageCredentials.class);

    /** One document ({@code _id} {@value #VERSION_ID}) whose {@code version} every write here increments. */
    public static final String CHANGES = "page_credentials_changes";
    static final String VERSION_ID = "all";
    /** Beyond this many reused answers, the expired ones are dropped at the next prefetch (all, if none expired). */
    static final int MAX_REUSED = 50_000;

    private final MongoTemplate mongo;
    private final CredentialCipher cipher;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, AtomicLong> attention = new ConcurrentHashMap<>();
    private final long reuseForNanos;
    private final long checkEveryNanos;
    private final Map<String, Reused> reused = new ConcurrentHashMap<>();
    /** Guards the three fields below. */
    private final Object reuseLock = new Object();
    /** Incremented whenever answers are forgotten: an answer read before that is not kept (see {@link #keep}). */
    private long generation;
    private long knownVersion = -1;
    private long versionCheckedAt;

    /** A Page's answer and when it was read ({@link System#nanoTime()}). */
    private record Reused(PageAccess access, long readAt) {
    }

    public PageCredentials(MongoTemplate mongo, CredentialCipher cipher, MeterRegistry meters) {
        this(mongo, cipher, meters, Duration.ofMinutes(5), Duration.ofSeconds(1));
    }

    /**
     * @param reuseFor   how long a Page's answer may be reused at most (0: never)
     * @param checkEvery how often the version number of {@value #CHANGES} is read while answers are reused
     */
    @org.springframework.beans.factory.annotation.Autowired
    public PageCredentials(MongoTemplate mongo, CredentialCipher cipher, MeterRegistry meters,
                           @org.springframework.beans.factory.annotation.Value("${govcomm.facebook.credentials.reuse-for:5m}") Duration reuseFor,
                           @org.springframework.beans.factory.annotation.Value("${govcomm.facebook.credentials.check-every:1s}") Duration checkEvery) {
        this.mongo = mongo;
        this.cipher = cipher;
        this.reuseForNanos = reuseFor.toNanos();
        this.checkEveryNanos = checkEvery.toNanos();
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
        changed(pageId);
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
        int imported;
        try {
            mongo.getCollection(COLLECTION).insertMany(documents,
                    new com.mongodb.client.model.InsertManyOptions().ordered(false));
            imported = documents.size();
        } catch (com.mongodb.MongoBulkWriteException e) {
            for (var error : e.getWriteErrors()) {
                if (error.getCode() != 11000) {
                    if (e.getWriteResult().getInsertedCount() > 0) {
                        changed(null);
                    }
                    throw e;
                }
            }
            imported = documents.size() - e.getWriteErrors().size();
        }
        if (imported > 0) {
            changed(null);
        }
        return imported;
    }

    /** Removes the token; the Page stays listed as DISCONNECTED. Returns false if the Page is unknown. */
    public boolean disconnect(String pageId, String by) {
        var result = mongo.updateFirst(Query.query(Criteria.where("_id").is(pageId)), new Update().unset("token")
                .unset("attention").set("status", "DISCONNECTED").set("updatedAt", Date.from(clock.instant()))
                .set("updatedBy", by), COLLECTION);
        changed(pageId);
        log.info("Facebook Page {} disconnected by {}", pageId, by);
        refreshAttentionCounts();
        return result.getMatchedCount() > 0;
    }

    /** What the publisher may do with this Page now: reused when this instance read it lately (see the class). */
    public PageAccess access(String pageId) {
        PageAccess reusable = reusable(pageId);
        if (reusable != null) {
            return reusable;
        }
        long since = generation();
        PageAccess access = access(pageId, mongo.findById(pageId, Document.class, COLLECTION));
        keep(Map.of(pageId, access), since);
        return access;
    }

    /**
     * Reads the answers for a poll's Pages in one {@code _id $in} read, for {@link #access} to reuse (Pages whose answer
     * is at hand are not read again). An optimisation only: a failed read leaves each turn to read its Page.
     */
    public void prefetch(java.util.Collection<String> pageIds) {
        if (reuseForNanos <= 0) {
            return;
        }
        checkVersion(); // once for the poll, not once per Page
        List<String> missing = pageIds.stream().distinct().filter(id -> reused(id) == null).toList();
        if (missing.isEmpty()) {
            return;
        }
        long since = generation();
        Map<String, Document> found = new java.util.HashMap<>();
        mongo.find(Query.query(Criteria.where("_id").in(missing)), Document.class, COLLECTION)
                .forEach(doc -> found.put(doc.getString("_id"), doc));
        Map<String, PageAccess> read = new java.util.HashMap<>();
        missing.forEach(id -> read.put(id, access(id, found.get(id))));
        keep(read, since);
    }

    private PageAccess access(String pageId, Document doc) {
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

    /** The Page's answer, if one read lately may still be used (after the version check that may forget it). */
    private PageAccess reusable(String pageId) {
        if (reuseForNanos <= 0) {
            return null;
        }
        checkVersion();
        return reused(pageId);
    }

    /** The Page's answer kept here, if younger than reuse-for (no version check). */
    private PageAccess reused(String pageId) {
        Reused r = reused.get(pageId);
        return r != null && System.nanoTime() - r.readAt() < reuseForNanos ? r.access() : null;
    }

    /** Reads the version number at most once per check-every; forgets every answer when another writer moved it. */
    private void checkVersion() {
        synchronized (reuseLock) {
            if (knownVersion >= 0 && System.nanoTime() - versionCheckedAt < checkEveryNanos) {
                return;
            }
            versionCheckedAt = System.nanoTime();
            // Read before any answer it vouches for (those read after this): a write made after this read bumps the
            // number after the write, so the next check sees it and forgets what was read before the write.
            Document doc = mongo.findById(VERSION_ID, Document.class, CHANGES);
            long version = doc == null ? 0 : ((Number) doc.get("version")).longValue();
            if (version != knownVersion) {
                forgetAll();
                knownVersion = version;
            }
        }
    }

    private long generation() {
        synchronized (reuseLock) {
            return generation;
        }
    }

    /** Keeps answers read since {@code since}, unless they were forgotten meanwhile (they could predate a write). */
    private void keep(Map<String, PageAccess> read, long since) {
        if (reuseForNanos <= 0) {
            return;
        }
        synchronized (reuseLock) {
            if (generation != since) {
                return;
            }
            long now = System.nanoTime();
            if (reused.size() + read.size() > MAX_REUSED) {
                reused.values().removeIf(r -> now - r.readAt() >= reuseForNanos);
                if (reused.size() + read.size() > MAX_REUSED) {
                    reused.clear();
                }
            }
            read.forEach((id, access) -> reused.put(id, new Reused(access, now)));
        }
    }

    /** Called with reuseLock held. */
    private void forgetAll() {
        reused.clear();
        generation++;
    }

    /** Called with reuseLock held: one Page's answer, and any answer being read now (it could be that Page's). */
    private void forget(String pageId) {
        reused.remove(pageId);
        generation++;
    }

    /**
     * After a write to {@code pageId} (null: to many Pages): this instance forgets at once (a read under way from before
     * the write is refused by the generation; a read after it sees the write), and the version number moves, so the
     * others forget within check-every. When the number moved by exactly this bump, no other writer came in between:
     * it becomes the known one without forgetting everything at the next check.
     */
    private void changed(String pageId) {
        synchronized (reuseLock) {
            if (pageId == null) {
                forgetAll();
            } else {
                forget(pageId);
            }
        }
        Document after = mongo.getCollection(CHANGES).findOneAndUpdate(new Document("_id", VERSION_ID),
                new Document("$inc", new Document("version", 1L)),
                new com.mongodb.client.model.FindOneAndUpdateOptions().upsert(true)
                        .returnDocument(com.mongodb.client.model.ReturnDocument.AFTER));
        long version = after == null ? -1 : ((Number) after.get("version")).longValue();
        synchronized (reuseLock) {
            if (knownVersion >= 0 && version == knownVersion + 1) {
                knownVersion = version;
            }
        }
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
        synchronized (reuseLock) {
            forget(used.pageId()); // whatever comes of it, the next turn reads the Page as it is now
        }
        var result = mongo.updateFirst(Query.query(Criteria.where("_id").is(used.pageId()).and("token").is(used.sealed())
                        .and("attention").exists(false)),
                new Update().set("status", "NEEDS_ATTENTION").set("updatedAt", Date.from(clock.instant()))
                        .set("attention", new Document("reason", kind.metricReason()).append("code", kind.reasonCode())
                                .append("message", failure.officerReason())
                                .append("graphCode", failure.code()).append("graphSubcode", failure.subcode())
                                .append("since", Date.from(clock.instant()))), COLLECTION);
        if (result.getModifiedCount() > 0) {
            changed(used.pageId());
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
            // What access says of the Page does not change (not connected either way): nothing to forget.
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
