package vn.govcomm.embedded;

import com.mongodb.DuplicateKeyException;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The H2-persisted store keeps every write it acknowledged through a {@code kill -9} of its JVM, including the writes
 * of the last milliseconds (the stock H2 backend stores them about once a second), and opens its file again after the
 * crash with its unique indexes. The store runs alone in a child JVM ({@link PersistentMongoMain}).
 */
class PersistentMongoCrashTests {

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteSurvivesKillMinus9AndTheFileOpensAgain() throws Exception {
        int port = DurableKafkaCrashTests.freePort();
        Path data = dir.resolve("mongo");
        Set<String> acknowledged = new HashSet<>();
        int increments = 0;
        try (ChildProcess store = ChildProcess.start(PersistentMongoMain.class, dir.resolve("store.log"), data.toString(),
                String.valueOf(port)).awaitLine("store ready", 1);
             MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
            MongoCollection<Document> deliveries = client.getDatabase("crash").getCollection("deliveries");
            deliveries.createIndex(Indexes.ascending("endpointId"), new IndexOptions().unique(true));
            MongoCollection<Document> counters = client.getDatabase("crash").getCollection("counters");
            for (int i = 0; i < 400; i++) {
                String id = "dlv-" + i;
                deliveries.insertOne(new Document("_id", id).append("endpointId", "endpoint-" + i).append("status", "PENDING"));
                deliveries.updateOne(Filters.eq("_id", id), Updates.set("status", "DISPATCHED"));
                acknowledged.add(id);
                counters.updateOne(Filters.eq("_id", "dispatched"), Updates.inc("n", 1), new UpdateOptions().upsert(true));
                increments++;
            }
            // Killed right after the last acknowledgement: nothing had time to be stored in the background.
            store.kill();
        }

        try (ChildProcess store = ChildProcess.start(PersistentMongoMain.class, dir.resolve("store.log"), data.toString(),
                String.valueOf(port)).awaitLine("store ready", 2);
             MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
            MongoCollection<Document> deliveries = client.getDatabase("crash").getCollection("deliveries");
            Set<String> found = new HashSet<>();
            deliveries.find().forEach(d -> {
                found.add(d.getString("_id"));
                assertThat(d.getString("status")).as(d.getString("_id")).isEqualTo("DISPATCHED");
            });
            Set<String> lost = new java.util.TreeSet<>(acknowledged);
            lost.removeAll(found);
            assertThat(lost).as("acknowledged before the kill, missing after it").isEmpty();
            assertThat(found).hasSameSizeAs(acknowledged);
            assertThat(client.getDatabase("crash").getCollection("counters").find(Filters.eq("_id", "dispatched"))
                    .first().getInteger("n")).isEqualTo(increments);
            // The unique index came back with the data.
            assertThatThrownBy(() -> deliveries.insertOne(new Document("_id", "dlv-new").append("endpointId", "endpoint-7")))
                    .isInstanceOfAny(MongoWriteException.class, DuplicateKeyException.class);
        }
    }

    /**
     * A kill in the middle of concurrent writes leaves no document without its {@code _id} index entry. The file
     * recovers to its last commit; when a commit could be taken between a write's document and its index entry (by
     * another connection's command, or MVStore's background auto-commit), a document came back that a pinned
     * {@code _id} could not find, so every later upsert of it failed as a whole command (the reporting service
     * dead-lettered 35–38 events after {@code LauncherCrashTests}' kill). Three kills, each while six connections
     * insert, upsert and increment.
     */
    @Test
    void aKillDuringConcurrentWritesLeavesEveryDocumentFindableByItsId() throws Exception {
        int port = DurableKafkaCrashTests.freePort();
        Path data = dir.resolve("mongo");
        for (int round = 1; round <= 3; round++) {
            try (ChildProcess store = ChildProcess.start(PersistentMongoMain.class, dir.resolve("store.log"),
                    data.toString(), String.valueOf(port)).awaitLine("store ready", round);
                 MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
                assertEveryDocumentIsFoundByItsId(client);
                AtomicBoolean stop = new AtomicBoolean();
                AtomicInteger written = new AtomicInteger();
                ExecutorService writers = Executors.newFixedThreadPool(6);
                int r = round;
                for (int t = 0; t < 6; t++) {
                    int thread = t;
                    writers.submit(() -> {
                        MongoDatabase db = client.getDatabase("crash");
                        for (int i = 0; !stop.get(); i++) {
                            String id = "r" + r + "-t" + thread + "-" + i;
                            try {
                                db.getCollection("deliveries").insertOne(new Document("_id", id).append("status", "PENDING"));
                                db.getCollection("rows").updateOne(
                                        Filters.and(Filters.eq("_id", id), Filters.exists("status", false)),
                                        Updates.set("status", "DISPATCHED"), new UpdateOptions().upsert(true));
                                db.getCollection("counters").updateOne(Filters.eq("_id", "t" + thread),
                                        Updates.inc("n", 1), new UpdateOptions().upsert(true));
                                written.incrementAndGet();
                            } catch (RuntimeException killed) {
                                return;
                            }
                        }
                    });
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> written.get() >= 300);
                store.kill();
                stop.set(true);
                writers.shutdownNow();
                writers.awaitTermination(30, TimeUnit.SECONDS);
            }
        }
        try (ChildProcess store = ChildProcess.start(PersistentMongoMain.class, dir.resolve("store.log"),
                data.toString(), String.valueOf(port)).awaitLine("store ready", 4);
             MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
            assertEveryDocumentIsFoundByItsId(client);
        }
    }

    /**
     * A file an earlier version left with a document missing from its {@code _id} index (the crash above) is healed
     * when it is opened: the pinned {@code _id} finds the document again, and an upsert that would create it again
     * gets MongoDB's per-write E11000 instead of an error for the whole command.
     */
    @Test
    void aDocumentMissingFromItsIdIndexIsPutBackWhenTheFileIsOpened() {
        Path data = dir.resolve("mongo");
        try (EmbeddedMongo store = EmbeddedMongo.persistent(data, 0);
             MongoClient client = MongoClients.create(store.uri("crash"))) {
            client.getDatabase("crash").getCollection("rows").insertMany(List.of(
                    new Document("_id", "dlv-1").append("status", "DISPATCHED"),
                    new Document("_id", "dlv-2").append("status", "DISPATCHED")));
        }
        // What the crash left: the document without its _id index entry.
        MVStore file = new MVStore.Builder().fileName(data.resolve("mongo.mv").toString()).open();
        String idIndex = file.getMapNames().stream().filter(n -> n.contains("crash.rows") && n.contains("_id_"))
                .findFirst().orElseThrow(() -> new AssertionError("no _id index map in " + file.getMapNames()));
        MVMap<Object, Object> index = file.openMap(idIndex);
        int before = index.size();
        index.keySet().stream().filter(k -> k.toString().contains("dlv-1")).toList().forEach(index::remove);
        assertThat(index.size()).as("dlv-1's entry removed from " + idIndex).isEqualTo(before - 1);
        file.commit();
        file.close();

        try (EmbeddedMongo store = EmbeddedMongo.persistent(data, 0);
             MongoClient client = MongoClients.create(store.uri("crash"))) {
            MongoCollection<Document> rows = client.getDatabase("crash").getCollection("rows");
            assertEveryDocumentIsFoundByItsId(client);
            assertThat(rows.find(Filters.eq("_id", "dlv-1")).first()).isNotNull();
            assertThatThrownBy(() -> rows.bulkWrite(List.of(new UpdateOneModel<>(
                    Filters.and(Filters.eq("_id", "dlv-1"), Filters.exists("status", false)),
                    Updates.set("status", "PUBLISHED"), new UpdateOptions().upsert(true)))))
                    .isInstanceOfSatisfying(MongoBulkWriteException.class,
                            e -> assertThat(e.getWriteErrors()).extracting(BulkWriteError::getCode).containsExactly(11000));
        }
    }

    private static void assertEveryDocumentIsFoundByItsId(MongoClient client) {
        for (String name : List.of("deliveries", "rows", "counters")) {
            MongoCollection<Document> collection = client.getDatabase("crash").getCollection(name);
            List<Object> ids = new ArrayList<>();
            collection.find().forEach(d -> ids.add(d.get("_id")));
            List<Object> unfindable = ids.stream()
                    .filter(id -> collection.find(Filters.eq("_id", id)).first() == null).toList();
            assertThat(unfindable).as(name + ": documents a pinned _id does not find").isEmpty();
        }
    }
}
