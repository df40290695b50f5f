package vn.govcomm.zalo.oa;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import vn.govcomm.kit.secrets.CredentialCipher;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.Set;

/**
 * OA credentials at rest (collection {@value #COLLECTION}): app id, app secret, refresh and access token, all
 * secrets AES-GCM encrypted with the record id and field name as associated data. One document per OA
 * ({@code _id} = OA id) or {@value #DEFAULT} for the app every other OA falls back to. Every token change is a
 * single-document compare-and-set on {@code generation}, the only atomicity mongo-java-server offers.
 */
@Component
public class OaConnections {

    public static final String COLLECTION = "zalo_connections";
    public static final String DEFAULT = "_default";
    private static final Logger log = LoggerFactory.getLogger(OaConnections.class);

    /**
     * How long {@link #resolve} may answer from memory. Every Zalo call resolves its OA's token; reading and
     * decrypting the document each time was the adapter's most frequent store command. A token another instance
     * rotated meanwhile is at worst refused once (-216): the refresh path re-reads the store and finds the newer
     * generation. This instance's own writes drop the cache at once.
     */
    static final java.time.Duration RESOLVE_CACHE = java.time.Duration.ofSeconds(5);

    private final MongoTemplate mongo;
    private final CredentialCipher cipher;
    private final Clock clock;
    /** Connection id → what the store held (empty: no such connection), for {@link #RESOLVE_CACHE}. */
    private final com.github.benmanes.caffeine.cache.Cache<String, Optional<Connection>> resolved =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().expireAfterWrite(RESOLVE_CACHE)
                    .maximumSize(100_000).build();
    /**
     * The ids of the stored connections, for {@link #RESOLVE_CACHE}: an OA without its own connection (most OAs use
     * the default app) is answered from this one read, not by a look-up of its own id per OA. Same staleness as
     * above: a connection another instance adds is used at most {@link #RESOLVE_CACHE} later.
     */
    private final com.github.benmanes.caffeine.cache.Cache<String, Set<String>> connectionIds =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().expireAfterWrite(RESOLVE_CACHE).maximumSize(1)
                    .build();

    OaConnections(MongoTemplate mongo, CredentialCipher cipher, Clock clock) {
        this.mongo = mongo;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** Decrypted view of a connection. {@link #toString()} never prints a secret. */
    public record Connection(String id, String appId, String secret, String refreshToken, String accessToken,
                             Instant accessExpiresAt, long generation, String webhookSecret,
                             String attentionReason, String attentionMessage, String refreshCipher) {
        @Override
        public String toString() {
            return "Connection[id=" + id + ", appId=" + appId + ", generation=" + generation + ", attention="
                    + attentionReason + "]";
        }
    }

    /**
     * What the admin API may show: no secret, ever. {@code updatedBy} is the admin (the user id of the verified
     * caller) who connected it, or the source of a bootstrap.
     */
    public record Status(String id, String appId, boolean hasRefreshToken, Instant accessExpiresAt, long generation,
                         String attentionReason, String attentionMessage, String source, Instant updatedAt,
                         String updatedBy) {
    }

    /**
     * The OA's own connection, else the default app's. Both look-ups (by connection id, including "this OA has no
     * connection of its own") are answered from memory for {@link #RESOLVE_CACHE}, so the default app that most
     * OAs share is read once per period, not once per call.
     */
    public Optional<Connection> resolve(String oaId) {
        Optional<Connection> own = connectionIds().contains(oaId) ? remembered(oaId) : Optional.empty();
        return own.isPresent() ? own : remembered(DEFAULT);
    }

    private Set<String> connectionIds() {
        return connectionIds.get("all", all -> {
            Query ids = new Query();
            ids.fields().include("_id");
            return mongo.find(ids, Document.class, COLLECTION).stream().map(d -> d.getString("_id"))
                    .collect(Collectors.toUnmodifiableSet());
        });
    }

    private Optional<Connection> remembered(String id) {
        return resolved.get(id, this::find);
    }

    /** Forgets what {@link #resolve} remembered: called after every write to a connection. */
    private void forgetResolved() {
        resolved.invalidateAll();
        connectionIds.invalidateAll();
    }

    public Optional<Connection> find(String id) {
        return Optional.ofNullable(mongo.findById(id, Document.class, COLLECTION)).map(this::decrypt);
    }

    public Optional<Status> status(String id) {
        return Optional.ofNullable(mongo.findById(id, Document.class, COLLECTION)).map(OaConnections::status);
    }

    public List<Status> statuses() {
        return mongo.findAll(Document.class, COLLECTION).stream().map(OaConnections::status).toList();
    }

    /** The statuses of the OAs among {@code oaIds} (one {@code _id $in} read). */
    public List<Status> statuses(java.util.Collection<String> oaIds) {
        return mongo.find(Query.query(Criteria.where("_id").in(oaIds)), Document.class, COLLECTION).stream()
                .map(OaConnections::status).toList();
    }

    /** Connections that can sign webhooks of this app. */
    public List<Connection> byAppId(String appId) {
        return mongo.find(Query.query(Criteria.where("appId").is(appId)), Document.class, COLLECTION).stream()
                .map(this::decrypt).toList();
    }

    /**
     * Stores (or replaces, when {@code replace}) a connection; a replaced connection starts a new generation and
     * loses its "needs attention" mark. Returns false when {@code !replace} and one exists (bootstrap).
     */
    public boolean connect(String id, String appId, String secret, String refreshToken, String accessToken,
                           Instant accessExpiresAt, String webhookSecret, String source, boolean replace) {
        return connect(id, appId, secret, refreshToken, accessToken, accessExpiresAt, webhookSecret, source, replace,
                null);
    }

    /**
     * An admin connects or rotates an OA (source {@code admin}, replacing what was stored); {@code admin} is the
     * user id of the verified caller, recorded as {@code updatedBy}.
     */
    public void connectByAdmin(String id, String appId, String secret, String refreshToken, String accessToken,
                               String webhookSecret, String admin) {
        write(id, appId, secret, refreshToken, accessToken, null, webhookSecret, "admin", true, null, admin);
        log.info("Zalo OA {} connected by {}", id, admin);
    }

    /** As above; {@code bootstrapFingerprint} identifies the configuration values a bootstrap came from. */
    boolean connect(String id, String appId, String secret, String refreshToken, String accessToken,
                    Instant accessExpiresAt, String webhookSecret, String source, boolean replace,
                    String bootstrapFingerprint) {
        return write(id, appId, secret, refreshToken, accessToken, accessExpiresAt, webhookSecret, source, replace,
                bootstrapFingerprint, source);
    }

    private boolean write(String id, String appId, String secret, String refreshToken, String accessToken,
                          Instant accessExpiresAt, String webhookSecret, String source, boolean replace,
                          String bootstrapFingerprint, String updatedBy) {
        Instant now = clock.instant();
        Document existing = mongo.findById(id, Document.class, COLLECTION);
        long generation = existing == null ? 1 : existing.get("generation", Number.class).longValue() + 1;
        Document doc = new Document("_id", id).append("appId", appId)
                .append("secret", encrypt(secret, id, "secret"))
                .append("refreshToken", encrypt(refreshToken, id, "refreshToken"))
                .append("accessToken", encrypt(accessToken, id, "accessToken"))
                .append("accessExpiresAt", accessExpiresAt == null ? null : Date.from(accessExpiresAt))
                .append("webhookSecret", encrypt(webhookSecret, id, "webhookSecret"))
                .append("generation", generation).append("source", source)
                .append("bootstrapFingerprint", bootstrapFingerprint)
                .append("connectedAt", Date.from(now)).append("updatedAt", Date.from(now))
                .append("updatedBy", updatedBy);
        try {
            return store(doc, existing == null, replace);
        } finally {
            forgetResolved();
        }
    }

    private boolean store(Document doc, boolean isNew, boolean replace) {
        if (isNew) {
            try {
                mongo.insert(doc, COLLECTION);
                return true;
            } catch (DuplicateKeyException e) {
                if (!replace) {
                    return false;
                }
            }
        } else if (!replace) {
            return false;
        }
        mongo.save(doc, COLLECTION);
        return true;
    }

    /** The fingerprint of the configuration a stored connection was bootstrapped from, if any. */
    Optional<String> bootstrapFingerprint(String id) {
        return Optional.ofNullable(mongo.findById(id, Document.class, COLLECTION))
                .map(doc -> doc.getString("bootstrapFingerprint"));
    }

    public boolean disconnect(String id) {
        boolean removed = mongo.remove(Query.query(Criteria.where("_id").is(id)), COLLECTION).getDeletedCount() > 0;
        forgetResolved();
        return removed;
    }

    /** {@link #disconnect(String)} by an admin (the verified caller's user id, kept in the log: the document goes). */
    public boolean disconnect(String id, String admin) {
        boolean removed = disconnect(id);
        if (removed) {
            log.info("Zalo OA {} disconnected by {}", id, admin);
        }
        return removed;
    }

    /** Takes the refresh lease of this generation; false if someone else holds it or the generation moved on. */
    boolean claimRefresh(String id, long generation, String owner, Instant until) {
        Instant now = clock.instant();
        Query query = Query.query(Criteria.where("_id").is(id).and("generation").is(generation)
                .orOperator(Criteria.where("refreshLease").exists(false),
                        Criteria.where("refreshLease.until").lt(Date.from(now))));
        Document claimed = mongo.findAndModify(query,
                new Update().set("refreshLease", new Document("owner", owner).append("until", Date.from(until))),
                FindAndModifyOptions.options().returnNew(true), Document.class, COLLECTION);
        return claimed != null;
    }

    /**
     * Persists a rotated token pair, guarded by the lease and by the exact refresh token it replaces (the old one
     * is burnt at Zalo). Only after this returns true may the new access token be used.
     */
    boolean storeRefreshed(Connection old, String owner, String refreshToken, String accessToken, Instant expiresAt) {
        String id = old.id();
        Query query = Query.query(Criteria.where("_id").is(id).and("generation").is(old.generation())
                .and("refreshLease.owner").is(owner).and("refreshToken").is(old.refreshCipher()));
        Update update = new Update()
                .set("refreshToken", encrypt(refreshToken, id, "refreshToken"))
                .set("accessToken", encrypt(accessToken, id, "accessToken"))
                .set("accessExpiresAt", Date.from(expiresAt))
                .set("generation", old.generation() + 1)
                .set("updatedAt", Date.from(clock.instant()))
                .unset("refreshLease").unset("attention");
        boolean stored = mongo.findAndModify(query, update, FindAndModifyOptions.options().returnNew(true), Document.class,
                COLLECTION) != null;
        forgetResolved();
        return stored;
    }

    void releaseRefresh(String id, String owner) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("refreshLease.owner").is(owner)),
                new Update().unset("refreshLease"), COLLECTION);
    }

    void markAttention(String id, String reason, String message) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), new Update().set("attention",
                new Document("reason", reason).append("message", message).append("since", Date.from(clock.instant()))),
                COLLECTION);
        forgetResolved();
    }

    long countAttention(String reason) {
        return mongo.count(Query.query(Criteria.where("attention.reason").is(reason)), COLLECTION);
    }

    private String encrypt(String plaintext, String id, String field) {
        return plaintext == null || plaintext.isBlank() ? null : cipher.encrypt(plaintext, id + "/" + field);
    }

    private String decryptField(Document doc, String id, String field) {
        String stored = doc.getString(field);
        return stored == null ? null : cipher.decrypt(stored, id + "/" + field);
    }

    private Connection decrypt(Document doc) {
        String id = doc.getString("_id");
        Document attention = doc.get("attention", Document.class);
        String secret = decryptField(doc, id, "secret");
        String webhookSecret = decryptField(doc, id, "webhookSecret");
        Date expires = doc.getDate("accessExpiresAt");
        return new Connection(id, doc.getString("appId"), secret, decryptField(doc, id, "refreshToken"),
                decryptField(doc, id, "accessToken"), expires == null ? null : expires.toInstant(),
                doc.get("generation", Number.class).longValue(), webhookSecret == null ? secret : webhookSecret,
                attention == null ? null : attention.getString("reason"),
                attention == null ? null : attention.getString("message"), doc.getString("refreshToken"));
    }

    private static Status status(Document doc) {
        Document attention = doc.get("attention", Document.class);
        Date expires = doc.getDate("accessExpiresAt");
        Date updated = doc.getDate("updatedAt");
        return new Status(doc.getString("_id"), doc.getString("appId"), doc.getString("refreshToken") != null,
                expires == null ? null : expires.toInstant(), doc.get("generation", Number.class).longValue(),
                attention == null ? null : attention.getString("reason"),
                attention == null ? null : attention.getString("message"), doc.getString("source"),
                updated == null ? null : updated.toInstant(), doc.getString("updatedBy"));
    }
}
