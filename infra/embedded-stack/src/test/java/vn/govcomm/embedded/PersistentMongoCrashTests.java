package vn.govcomm.embedded;

import com.mongodb.DuplicateKeyException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
