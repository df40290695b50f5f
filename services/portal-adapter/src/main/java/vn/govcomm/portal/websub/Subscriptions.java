package vn.govcomm.portal.websub;

import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import vn.govcomm.portal.PortalSecrets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;

/**
 * Verified WebSub subscriptions ({@value #COLLECTION}, {@code _id} = hash of callback and topic, so a renewal
 * replaces the subscription). hub.secret is encrypted at rest: the hub needs it back to sign deliveries.
 */
@Component
class Subscriptions {

    static final String COLLECTION = "websub_subscriptions";

    private final MongoTemplate mongo;
    private final PortalSecrets secrets;

    record Subscription(String id, String portalId, String topic, String callback, String secret, Instant expiresAt) {
        @Override
        public String toString() {
            return "Subscription[" + callback + " ← " + topic + "]";
        }
    }

    Subscriptions(MongoTemplate mongo, PortalSecrets secrets) {
        this.mongo = mongo;
        this.secrets = secrets;
        // active(): a portal's subscriptions, and the expired ones of them deleted on the way (real MongoDB; the
        // embedded store plans only with unique indexes)
        mongo.indexOps(COLLECTION).createIndex(new Index().on("portalId", Sort.Direction.ASC).on("expiresAt", Sort.Direction.ASC)
                .named("portal_expiry"));
    }

    static String id(String callback, String topic) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((callback + "\n" + topic).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void save(String portalId, String topic, String callback, String secret, long leaseSeconds, Instant now) {
        String id = id(callback, topic);
        Document doc = new Document("_id", id).append("portalId", portalId).append("topic", topic)
                .append("callback", callback).append("leaseSeconds", leaseSeconds)
                .append("expiresAt", Date.from(now.plusSeconds(leaseSeconds))).append("verifiedAt", Date.from(now));
        if (secret != null) {
            doc.append("secret", secrets.cipher().encrypt(secret, COLLECTION + ":" + id));
        }
        mongo.save(doc, COLLECTION);
    }

    boolean remove(String callback, String topic) {
        return mongo.remove(Query.query(Criteria.where("_id").is(id(callback, topic))), COLLECTION).getDeletedCount() > 0;
    }

    void remove(String id) {
        mongo.remove(Query.query(Criteria.where("_id").is(id)), COLLECTION);
    }

    /**
     * Unexpired subscriptions to any feed of these portals (two store commands however many portals); expired ones
     * are deleted on the way.
     */
    List<Subscription> active(Collection<String> portalIds, Instant now) {
        mongo.remove(Query.query(Criteria.where("portalId").in(portalIds).and("expiresAt").lte(Date.from(now))), COLLECTION);
        return mongo.find(Query.query(Criteria.where("portalId").in(portalIds)), Document.class, COLLECTION).stream()
                .map(d -> new Subscription(d.getString("_id"), d.getString("portalId"), d.getString("topic"), d.getString("callback"),
                        d.getString("secret") == null ? null
                                : secrets.cipher().decrypt(d.getString("secret"), COLLECTION + ":" + d.getString("_id")),
                        d.getDate("expiresAt").toInstant()))
                .toList();
    }
}
