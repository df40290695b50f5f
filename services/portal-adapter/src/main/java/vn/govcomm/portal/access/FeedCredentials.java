package vn.govcomm.portal.access;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import vn.govcomm.portal.PortalProperties;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One feed credential per portal (collection {@value #COLLECTION}, {@code _id} = portalId). Only the SHA-256 of
 * the token is stored: tokens are 256 random bits, so a fast hash is enough (no password stretching needed) and
 * keeps the per-request check cheap. Lookups are cached briefly; issuing or revoking on this instance clears
 * the cache at once, other replicas follow within {@code credential-cache-ttl}.
 */
@Component
public class FeedCredentials {

    static final String COLLECTION = "feed_credentials";
    private static final String PREFIX = "gcf_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MongoTemplate mongo;
    private final Clock clock;
    private final long ttlNanos;
    private final ConcurrentHashMap<String, Cached> byHash = new ConcurrentHashMap<>();

    private record Cached(String portalId, long until) {
    }

    /** What an admin sees about a credential (never the token itself after issuing). */
    public record Credential(String portalId, String tokenHint, Instant issuedAt) {
    }

    /** A newly issued token, shown once. */
    public record Issued(String portalId, String token, Instant issuedAt) {
    }

    FeedCredentials(MongoTemplate mongo, Clock clock, PortalProperties properties) {
        this.mongo = mongo;
        this.clock = clock;
        this.ttlNanos = properties.credentialCacheTtl().toNanos();
        mongo.indexOps(COLLECTION).createIndex(new Index("tokenHash", org.springframework.data.domain.Sort.Direction.ASC).unique());
    }

    /** Issues a token, replacing (rotating) any previous one of the portal. */
    Issued issue(String portalId) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant now = clock.instant();
        mongo.upsert(Query.query(Criteria.where("_id").is(portalId)), new Update()
                .set("tokenHash", hash(token))
                .set("tokenHint", token.substring(0, PREFIX.length() + 4) + "…")
                .set("issuedAt", Date.from(now)), COLLECTION);
        byHash.clear();
        return new Issued(portalId, token, now);
    }

    boolean revoke(String portalId) {
        boolean removed = mongo.remove(Query.query(Criteria.where("_id").is(portalId)), COLLECTION).getDeletedCount() > 0;
        byHash.clear();
        return removed;
    }

    Optional<Credential> describe(String portalId) {
        Document doc = mongo.findById(portalId, Document.class, COLLECTION);
        return Optional.ofNullable(doc).map(d -> new Credential(portalId, d.getString("tokenHint"),
                d.getDate("issuedAt").toInstant()));
    }

    /** The portal this token belongs to, if it is a current token. */
    public Optional<String> portalOf(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        String hash = hash(token);
        long now = System.nanoTime();
        Cached cached = byHash.get(hash);
        if (cached != null && now - cached.until() < 0) {
            return Optional.of(cached.portalId());
        }
        Document doc = mongo.findOne(Query.query(Criteria.where("tokenHash").is(hash)), Document.class, COLLECTION);
        if (doc == null) {
            byHash.remove(hash);
            return Optional.empty();
        }
        String portalId = doc.getString("_id");
        byHash.put(hash, new Cached(portalId, now + ttlNanos));
        return Optional.of(portalId);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
