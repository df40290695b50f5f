package vn.govcomm.embedded;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both embedded backends answer a filter that pins {@code _id} through the {@code _id} index, whatever else the filter
 * compares and however the driver spells it ({@code Filters.and} arrives as {@code $and}), and still apply the whole
 * filter: the services write compare-and-set filters for MongoDB and need no embedded-only index.
 */
class IdLookupsTests {

    /**
     * Filters that pin {@code _id} as services write them, with how many of the 50 documents
     * {@code {_id: "dlv-<i>", status: "DISPATCHED", attempt: 1}} each matches. {@link IdLookupsContainerTests} checks
     * that MongoDB answers the same filters through its {@code _id} index.
     */
    static final Map<Bson, Integer> PINNED = pinned();

    private static Map<Bson, Integer> pinned() {
        Map<Bson, Integer> filters = new LinkedHashMap<>();
        filters.put(Filters.and(Filters.eq("_id", "dlv-7"), Filters.eq("status", "DISPATCHED")), 1);
        filters.put(Filters.and(Filters.eq("_id", "dlv-7"), Filters.eq("status", "PUBLISHED")), 0);
        filters.put(new Document("_id", "dlv-8").append("status", "DISPATCHED").append("attempt", 1), 1);
        filters.put(new Document("_id", "dlv-8").append("attempt", 2), 0);
        filters.put(new Document("_id", new Document("$eq", "dlv-9")).append("attempt", 1), 1);
        filters.put(Filters.and(Filters.eq("_id", "missing"), Filters.eq("attempt", 1)), 0);
        // A lease renewal: the documents of a list, still held by this owner.
        filters.put(Filters.and(Filters.in("_id", "dlv-1", "dlv-2", "nope"), Filters.eq("status", "DISPATCHED")), 2);
        filters.put(new Document("_id", new Document("$in", List.of("dlv-5", "dlv-6"))).append("attempt", 2), 0);
        filters.put(new Document("_id", new Document("$in", List.of("dlv-5", "dlv-6", "dlv-5"))).append("attempt", 1), 2);
        return filters;
    }

    static List<Document> fiftyDeliveries() {
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            documents.add(new Document("_id", "dlv-" + i).append("status", "DISPATCHED").append("attempt", 1));
        }
        return documents;
    }

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    void aPinnedIdIsALookUpAndTheRestOfTheFilterStillApplies(String backend) {
        try (EmbeddedMongo store = backend.equals("h2") ? EmbeddedMongo.persistent(dir, 0) : EmbeddedMongo.inMemory();
             MongoClient client = MongoClients.create(store.uri("lookups"))) {
            MongoCollection<Document> deliveries = client.getDatabase("lookups").getCollection("deliveries");
            deliveries.insertMany(fiftyDeliveries());

            for (Map.Entry<Bson, Integer> pinned : PINNED.entrySet()) {
                assertAnchored(deliveries, pinned.getKey(), pinned.getValue());
            }

            // Not pinned: the stock plan, same answers as before.
            long before = IdLookups.ANCHORED_QUERIES.get();
            assertThat(deliveries.find(Filters.and(Filters.gt("_id", "dlv-1"), Filters.eq("status", "DISPATCHED")))
                    .into(new ArrayList<>())).hasSize(48); // all but dlv-0 and dlv-1 sort after "dlv-1"
            assertThat(deliveries.find(Filters.and(Filters.in("_id", List.of(Pattern.compile("^dlv-4\\d$"))),
                    Filters.eq("status", "DISPATCHED"))).into(new ArrayList<>()))
                    .hasSize(10);
            assertThat(deliveries.countDocuments(Filters.eq("status", "DISPATCHED"))).isEqualTo(50);
            assertThat(IdLookups.ANCHORED_QUERIES.get()).isEqualTo(before);

            // A compare-and-set written the MongoDB way: exactly one of two racers with the same expectation wins.
            Bson expectation = Filters.and(Filters.eq("_id", "dlv-3"), Filters.eq("status", "DISPATCHED"),
                    Filters.eq("attempt", 1));
            assertThat(deliveries.updateOne(expectation, Updates.set("status", "PUBLISHED")).getModifiedCount()).isEqualTo(1);
            assertThat(deliveries.updateOne(expectation, Updates.set("status", "FAILED")).getModifiedCount()).isZero();
            Document after = deliveries.findOneAndUpdate(Filters.and(Filters.eq("_id", "dlv-3"), Filters.eq("status", "PUBLISHED")),
                    Updates.inc("attempt", 1), new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
            assertThat(after).isNotNull();
            assertThat(after.getInteger("attempt")).isEqualTo(2);
            assertThat(deliveries.deleteOne(Filters.and(Filters.eq("_id", "dlv-4"), Filters.eq("attempt", 2))).getDeletedCount()).isZero();
            assertThat(deliveries.deleteOne(Filters.and(Filters.eq("_id", "dlv-4"), Filters.eq("attempt", 1))).getDeletedCount()).isEqualTo(1);
            assertThat(deliveries.countDocuments()).isEqualTo(49);

            // Dropping a collection still works (nothing of ours is left among its indexes).
            deliveries.drop();
            assertThat(client.getDatabase("lookups").listCollectionNames().into(new ArrayList<>())).doesNotContain("deliveries");
        }
    }

    /**
     * A lease renewal of many runs ({@code updateMany({_id: {$in: [ids]}, owner: me})}) is answered one id at a time
     * (n look-ups instead of n × n comparisons): it must still update exactly the listed documents the filter holds,
     * each once (a listed duplicate too), count them as MongoDB does, keep a positional {@code $} update working, and
     * leave single-document updates and non-string ids to the stock path.
     */
    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    void anUpdateOfManyPinnedIdsUpdatesExactlyTheDocumentsTheFilterHolds(String backend) {
        try (EmbeddedMongo store = backend.equals("h2") ? EmbeddedMongo.persistent(dir, 0) : EmbeddedMongo.inMemory();
             MongoClient client = MongoClients.create(store.uri("lookups"))) {
            MongoCollection<Document> runs = client.getDatabase("lookups").getCollection("runs");
            List<Document> documents = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                documents.add(new Document("_id", "run-" + i).append("owner", i % 3 == 0 ? "other" : "me")
                        .append("lease", 0).append("tags", List.of("a", "b", "c")));
            }
            runs.insertMany(documents);
            List<String> listed = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                listed.add("run-" + i);
            }
            listed.add("run-5"); // listed twice: updated once
            listed.add("missing");

            var renewed = runs.updateMany(Filters.and(Filters.in("_id", listed), Filters.eq("owner", "me")),
                    Updates.combine(Updates.set("lease", 1), Updates.inc("renewals", 1)));

            long held = java.util.stream.IntStream.range(0, 2000).filter(i -> i % 3 != 0).count();
            assertThat(renewed.getMatchedCount()).isEqualTo(held);
            assertThat(renewed.getModifiedCount()).isEqualTo(held);
            for (Document run : runs.find()) {
                int i = Integer.parseInt(run.getString("_id").substring(4));
                boolean expected = i < 2000 && i % 3 != 0;
                assertThat(run.getInteger("lease")).as(run.getString("_id")).isEqualTo(expected ? 1 : 0);
                assertThat(run.getInteger("renewals")).as(run.getString("_id")).isEqualTo(expected ? 1 : null);
            }

            // A positional update still finds the matched array element in each listed document.
            runs.updateMany(Filters.and(Filters.in("_id", "run-1", "run-2", "run-3"), Filters.eq("tags", "b")),
                    Updates.set("tags.$", "B"));
            assertThat(runs.find(Filters.in("_id", "run-1", "run-2", "run-3")).map(d -> d.getList("tags", String.class))
                    .into(new ArrayList<>())).containsOnly(List.of("a", "B", "c"));

            // One document only (which one MongoDB does not define: it walks the _id index).
            assertThat(runs.updateOne(Filters.and(Filters.in("_id", "run-10", "run-4"), Filters.eq("owner", "me")),
                    Updates.set("first", true)).getModifiedCount()).isEqualTo(1);
            assertThat(runs.find(Filters.eq("first", true)).map(d -> d.getString("_id")).into(new ArrayList<>()))
                    .hasSize(1).containsAnyOf("run-4", "run-10");

            // Numeric ids (1 and 1.0 are one value to MongoDB): the stock path, each document updated once.
            MongoCollection<Document> numbered = client.getDatabase("lookups").getCollection("numbered");
            numbered.insertMany(List.of(new Document("_id", 1).append("n", 0), new Document("_id", 2).append("n", 0)));
            assertThat(numbered.updateMany(Filters.in("_id", List.of(1, 1.0, 2L)), Updates.inc("n", 1))
                    .getModifiedCount()).isEqualTo(2);
            assertThat(numbered.find().map(d -> d.getInteger("n")).into(new ArrayList<>())).containsExactly(1, 1);
        }
    }

    @Test
    void collectionsOfAFileOpenedAgainAreLookedUpToo() {
        try (EmbeddedMongo store = EmbeddedMongo.persistent(dir, 0);
             MongoClient client = MongoClients.create(store.uri("lookups"))) {
            client.getDatabase("lookups").getCollection("tasks")
                    .insertOne(new Document("_id", "task-1").append("state", "OPEN").append("version", 3));
        }
        try (EmbeddedMongo store = EmbeddedMongo.persistent(dir, 0);
             MongoClient client = MongoClients.create(store.uri("lookups"))) {
            MongoCollection<Document> tasks = client.getDatabase("lookups").getCollection("tasks");
            assertAnchored(tasks, Filters.and(Filters.eq("_id", "task-1"), Filters.eq("version", 3)), 1);
            assertAnchored(tasks, Filters.and(Filters.eq("_id", "task-1"), Filters.eq("version", 2)), 0);
        }
    }

    private static void assertAnchored(MongoCollection<Document> collection, Bson filter, int expected) {
        long before = IdLookups.ANCHORED_QUERIES.get();
        assertThat(collection.find(filter).into(new ArrayList<>())).as(filter.toString()).hasSize(expected);
        assertThat(IdLookups.ANCHORED_QUERIES.get()).as("answered through _id: " + filter).isGreaterThan(before);
    }
}
