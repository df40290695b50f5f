package vn.govcomm.portal.wordpress;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import vn.govcomm.portal.PortalSecrets;

import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Portals that asked for push ({@value #COLLECTION}, {@code _id} = portalId): their WordPress site and an
 * Application Password encrypted with the credential cipher, bound to the portal id.
 */
@Component
class WordPressTargets {

    static final String COLLECTION = "wordpress_targets";

    private final MongoTemplate mongo;
    private final PortalSecrets secrets;

    /** A configured target with its password decrypted (never logged or returned by the API). */
    record Target(String portalId, String baseUrl, String username, String applicationPassword, String postStatus,
                  List<Integer> categories, Instant updatedAt) {
        @Override
        public String toString() {
            return "Target[" + portalId + ", " + baseUrl + ", " + username + "]";
        }
    }

    WordPressTargets(MongoTemplate mongo, PortalSecrets secrets) {
        this.mongo = mongo;
        this.secrets = secrets;
    }

    void save(String portalId, String baseUrl, String username, String applicationPassword, String postStatus,
              List<Integer> categories, Instant now) {
        String sealed = secrets.cipher().encrypt(applicationPassword, COLLECTION + ":" + portalId);
        mongo.save(new Document("_id", portalId).append("baseUrl", baseUrl).append("username", username)
                .append("password", sealed).append("postStatus", postStatus).append("categories", categories)
                .append("updatedAt", Date.from(now)), COLLECTION);
    }

    boolean remove(String portalId) {
        return mongo.remove(Query.query(Criteria.where("_id").is(portalId)), COLLECTION).getDeletedCount() > 0;
    }

    boolean exists(String portalId) {
        return mongo.exists(Query.query(Criteria.where("_id").is(portalId)), COLLECTION);
    }

    /** Which of these portals are in push mode (one read). */
    Set<String> existing(Collection<String> portalIds) {
        Query query = Query.query(Criteria.where("_id").in(portalIds));
        query.fields().include("_id");
        return mongo.find(query, Document.class, COLLECTION).stream().map(d -> d.getString("_id"))
                .collect(Collectors.toSet());
    }

    Optional<Target> find(String portalId) {
        Document d = mongo.findById(portalId, Document.class, COLLECTION);
        if (d == null) {
            return Optional.empty();
        }
        String password = secrets.cipher().decrypt(d.getString("password"), COLLECTION + ":" + portalId);
        return Optional.of(new Target(portalId, d.getString("baseUrl"), d.getString("username"), password,
                d.getString("postStatus"), d.getList("categories", Integer.class, List.of()),
                d.getDate("updatedAt").toInstant()));
    }
}
