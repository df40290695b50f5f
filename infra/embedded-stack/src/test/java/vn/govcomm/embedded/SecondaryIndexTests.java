package vn.govcomm.embedded;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded store keeps non-unique indexes ({@link SecondaryIndex}) and narrows filters and counts with them
 * ({@link LeadingMatch}), and every answer is the one a full read gives: each filter is asked of an indexed collection
 * and of an unindexed twin holding the same documents, before and after updates and deletes, and (H2) after the file
 * is opened again.
 */
class SecondaryIndexTests {

    @TempDir
    Path dir;

    /** Filters as services write them, and the ones the index must leave to a full read. */
    private static List<Bson> filters(Date now) {
        return List.of(
                Filters.eq("status", "DISPATCHED"),
                Filters.in("status", "DISPATCHED", "FAILED"),
                Filters.in("status", List.of()),
                new Document("status", new Document("$eq", "PUBLISHED")),
                Filters.and(Filters.eq("status", "DISPATCHED"), Filters.lt("updatedAt", now)),
                new Document("status", "FAILED").append("n", new Document("$gt", 3)),
                Filters.exists("outbox.eventId"),
                Filters.exists("outbox.eventId", false),
                Filters.eq("outbox.eventId", "evt-4"),
                Filters.eq("n", 5),
                Filters.eq("n", 5L),
                Filters.eq("n", 5.0),
                Filters.in("n", 1, 2.0, 3L),
                Filters.eq("tags", "urgent"),
                Filters.eq("tags", List.of("urgent", "led")),
                Filters.eq("status", null),
                Filters.regex("status", Pattern.compile("^DIS")),
                Filters.ne("status", "DISPATCHED"),
                Filters.or(Filters.eq("status", "FAILED"), Filters.eq("n", 2)),
                Filters.and(Filters.exists("outbox.eventId"), Filters.eq("status", "DISPATCHED")),
                Filters.eq("address.ward", "Vĩnh Hải"),
                Filters.lte("retry.nextAt", now),
                Filters.and(Filters.gt("retry.nextAt", new Date(now.getTime() - 1500)), Filters.eq("status", "FAILED")),
                Filters.lt("n", 4),
                Filters.gte("outbox.eventId", "evt-5"),
                Filters.lte("retry.nextAt", null),
                Filters.and(Filters.in("_id", "d-1", "d-2", "d-77"), Filters.eq("status", "DISPATCHED")));
    }

    private static List<Document> documents(Date now) {
        String[] statuses = {"DISPATCHED", "PUBLISHED", "FAILED"};
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            Document document = new Document("_id", "d-" + i).append("status", statuses[i % 3])
                    .append("updatedAt", new Date(now.getTime() + (i % 5 - 2) * 1000L));
            Object n = switch (i % 4) {
                case 0 -> i % 7;
                case 1 -> (long) (i % 7);
                case 2 -> (double) (i % 7);
                default -> null;
            };
            if (n != null || i % 8 == 3) {
                document.append("n", n); // missing in some, null in others
            }
            document.append("outbox", i % 6 == 0 ? List.of(new Document("eventId", "evt-" + i)) : List.of());
            if (i % 5 == 0) {
                document.append("tags", i % 10 == 0 ? List.of("urgent", "led") : List.of("urgent"));
            } else if (i % 5 == 1) {
                document.append("tags", "urgent");
            }
            if (i % 9 == 0) {
                document.append("status", List.of("DISPATCHED", "FAILED")); // an array where a value is expected
            }
            if (i % 11 == 0) {
                document.append("address", List.of(new Document("ward", "Vĩnh Hải"), new Document("ward", "Phước Long")));
            } else if (i % 11 == 1) {
                document.append("address", new Document("ward", "Vĩnh Hải"));
            }
            if (i % 7 == 2) {
                document.append("retry", new Document("nextAt", new Date(now.getTime() + (i % 3 - 1) * 1000L)));
            } else if (i % 7 == 4) {
                document.append("retry", new Document("nextAt", null));
            }
            documents.add(document);
        }
        return documents;
    }

    private static void index(MongoCollection<Document> collection) {
        collection.createIndex(Indexes.ascending("status", "updatedAt"), new IndexOptions().name("status_updated"));
        collection.createIndex(Indexes.ascending("outbox.eventId"), new IndexOptions().name("outbox_pending").sparse(true));
        collection.createIndex(Indexes.ascending("n"));
        collection.createIndex(Indexes.ascending("tags"));
        collection.createIndex(Indexes.ascending("address.ward"));
        collection.createIndex(Indexes.ascending("retry.nextAt"), new IndexOptions().sparse(true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    void indexedAnswersAreTheAnswersOfAFullRead(String backend) {
        Date now = new Date();
        try (EmbeddedMongo store = backend.equals("h2") ? EmbeddedMongo.persistent(dir, 0) : EmbeddedMongo.inMemory();
             MongoClient client = MongoClients.create(store.uri("secondary"))) {
            MongoCollection<Document> indexed = client.getDatabase("secondary").getCollection("indexed");
            MongoCollection<Document> plain = client.getDatabase("secondary").getCollection("plain");
            index(indexed);
            indexed.insertMany(documents(now));
            plain.insertMany(documents(now));
            assertSameAnswers(indexed, plain, now);

            // Indexed values change, documents go and come back (the memory backend reuses their positions).
            for (MongoCollection<Document> collection : List.of(indexed, plain)) {
                collection.updateMany(Filters.eq("status", "FAILED"), Updates.set("status", "PUBLISHED"));
                collection.updateOne(Filters.eq("_id", "d-6"), Updates.set("outbox", List.of()));
                collection.updateOne(Filters.eq("_id", "d-7"), Updates.push("outbox", new Document("eventId", "evt-4")));
                collection.updateMany(Filters.in("_id", "d-1", "d-2"), Updates.set("n", 5));
                collection.deleteMany(Filters.eq("tags", "urgent"));
                collection.insertOne(new Document("_id", "d-200").append("status", "FAILED").append("n", 5)
                        .append("outbox", List.of(new Document("eventId", "evt-200"))).append("updatedAt", now));
                collection.replaceOne(Filters.eq("_id", "d-3"), new Document("status", "DISPATCHED").append("n", 5.0));
            }
            assertSameAnswers(indexed, plain, now);
        }
        if (backend.equals("h2")) {
            try (EmbeddedMongo store = EmbeddedMongo.persistent(dir, 0);
                 MongoClient client = MongoClients.create(store.uri("secondary"))) {
                assertSameAnswers(client.getDatabase("secondary").getCollection("indexed"),
                        client.getDatabase("secondary").getCollection("plain"), now);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    void indexesAndCollectionsAreDroppedAsBefore(String backend) {
        Date now = new Date();
        try (EmbeddedMongo store = backend.equals("h2") ? EmbeddedMongo.persistent(dir, 0) : EmbeddedMongo.inMemory();
             MongoClient client = MongoClients.create(store.uri("secondary"))) {
            MongoCollection<Document> indexed = client.getDatabase("secondary").getCollection("indexed");
            index(indexed);
            indexed.insertMany(documents(now));
            long before = SecondaryIndex.NARROWED.get();
            indexed.dropIndex("status_updated");
            assertThat(indexed.listIndexes().map(index -> index.getString("name")).into(new ArrayList<>()))
                    .doesNotContain("status_updated").contains("outbox_pending");
            assertThat(indexed.countDocuments(Filters.eq("status", "FAILED"))).isEqualTo(54); // 40 + 14 arrays holding it
            assertThat(indexed.find(Filters.exists("outbox.eventId")).into(new ArrayList<>())).hasSize(20);
            assertThat(SecondaryIndex.NARROWED.get()).isEqualTo(before + 1); // the status index is gone
            indexed.drop();
            assertThat(client.getDatabase("secondary").listCollectionNames().into(new ArrayList<>())).doesNotContain("indexed");
            indexed.insertOne(new Document("_id", "again").append("status", "FAILED"));
            assertThat(indexed.countDocuments(Filters.eq("status", "FAILED"))).isEqualTo(1);
        }
    }

    private static void assertSameAnswers(MongoCollection<Document> indexed, MongoCollection<Document> plain, Date now) {
        long narrowedBefore = SecondaryIndex.NARROWED.get();
        long pushedDownBefore = LeadingMatch.NARROWED.get();
        for (Bson filter : filters(now)) {
            List<Document> expected = plain.find(filter).into(new ArrayList<>());
            assertThat(indexed.find(filter).into(new ArrayList<>())).as("find " + filter).isEqualTo(expected);
            assertThat(indexed.find(filter).sort(Sorts.descending("updatedAt", "_id")).limit(3).into(new ArrayList<>()))
                    .as("sorted " + filter)
                    .isEqualTo(plain.find(filter).sort(Sorts.descending("updatedAt", "_id")).limit(3).into(new ArrayList<>()));
            assertThat(indexed.countDocuments(filter)).as("count " + filter).isEqualTo(plain.countDocuments(filter));
            assertThat(indexed.aggregate(List.of(new Document("$match", filter),
                            new Document("$lookup", new Document("from", "indexed").append("localField", "status")
                                    .append("foreignField", "status").append("as", "same"))))
                    .into(new ArrayList<>()))
                    .as("aggregate with a self-lookup " + filter)
                    .isEqualTo(plain.aggregate(List.of(new Document("$match", filter),
                            new Document("$lookup", new Document("from", "plain").append("localField", "status")
                                    .append("foreignField", "status").append("as", "same"))))
                            .into(new ArrayList<>()));
        }
        assertThat(SecondaryIndex.NARROWED.get() - narrowedBefore).as("queries the secondary indexes narrowed")
                .isGreaterThan(50);
        assertThat(LeadingMatch.NARROWED.get() - pushedDownBefore).as("counts and aggregations fed by an index")
                .isGreaterThan(20);
    }
}
