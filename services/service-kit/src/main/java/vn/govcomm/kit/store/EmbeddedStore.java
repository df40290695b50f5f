package vn.govcomm.kit.store;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the services must know about the embedded MongoDB-wire store (mongo-java-server) of the local run and the
 * tests, so that their hot paths do not scan whole collections there.
 * <p>
 * mongo-java-server uses an index only when a query's fields are <em>exactly</em> the index's fields, with plain
 * values (or {@code $in} on a single-field index); it ignores non-unique indexes. So a compare-and-set
 * {@code {_id, status, attempt}} scans every document of the collection, although {@code _id} alone picks one.
 * {@link #ensureLookupIndex} adds a unique index on {@code _id} plus the compared fields there (unique by
 * construction, as {@code _id} is), which makes those filters index look-ups. On a real MongoDB the {@code _id}
 * index already serves such filters, so nothing is created: no extra index to maintain in production.
 */
public final class EmbeddedStore {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedStore.class);
    private static final Map<String, Boolean> EMBEDDED = new ConcurrentHashMap<>();

    private EmbeddedStore() {
    }

    /**
     * True when the server is mongo-java-server. Its {@code buildInfo} answers only version fields; every mongod
     * (and Atlas, DocumentDB, Cosmos DB) also answers {@code gitVersion}.
     */
    public static boolean isEmbedded(MongoTemplate mongo) {
        String key = mongo.getMongoDatabaseFactory().toString() + "@" + mongo.getDb().getName();
        return EMBEDDED.computeIfAbsent(key, k -> {
            Document info = mongo.getDb().runCommand(new Document("buildInfo", 1));
            boolean embedded = !info.containsKey("gitVersion");
            if (embedded) {
                log.info("MongoDB server is the embedded mongo-java-server {}: adding look-up indexes for filtered updates",
                        info.get("version"));
            }
            return embedded;
        });
    }

    /**
     * On the embedded store only: a unique index on {@code _id} and {@code fields}, so that filters on exactly
     * those fields (compare-and-set updates) are index look-ups instead of collection scans.
     */
    public static void ensureLookupIndex(MongoTemplate mongo, String collection, String... fields) {
        if (!isEmbedded(mongo)) {
            return;
        }
        Index index = new Index().on("_id", Sort.Direction.ASC).unique().named("lookup_" + String.join("_", fields));
        for (String field : fields) {
            index.on(field, Sort.Direction.ASC);
        }
        mongo.indexOps(collection).createIndex(index);
    }
}
