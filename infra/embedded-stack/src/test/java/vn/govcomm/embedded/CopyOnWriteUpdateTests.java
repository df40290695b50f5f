package vn.govcomm.embedded;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.result.UpdateResult;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded store's copy-on-write updates ({@link CopyOnWriteUpdate}) leave every document, every index and every
 * answer as mongo-java-server's own update does: each case runs on the stock in-memory server and on ours, from the
 * same documents, and the answers (matched, modified, upserted, or the error's code), the documents and what the
 * indexes find afterwards must be equal. The cases are the services' update shapes and the ones the copy-on-write
 * path leaves to the library (which must still answer as before, errors included).
 */
class CopyOnWriteUpdateTests {

    private static MongoServer stockServer;
    private static MongoClient stock;
    private static EmbeddedMongo oursServer;
    private static MongoClient ours;

    @BeforeAll
    static void start() {
        stockServer = new MongoServer(new MemoryBackend());
        InetSocketAddress address = stockServer.bind();
        stock = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
        oursServer = EmbeddedMongo.inMemory();
        ours = MongoClients.create(oursServer.uri("updates"));
    }

    @AfterAll
    static void stop() {
        stock.close();
        stockServer.shutdownNow();
        ours.close();
        oursServer.close();
    }

    private record Case(String name, Bson filter, Bson update, boolean upsert, boolean many) {
    }

    private static Case one(String name, Bson filter, Bson update) {
        return new Case(name, filter, update, false, false);
    }

    private static Document doc(String json) {
        return Document.parse(json);
    }

    private static final Date AT = new Date(1_800_000_000_000L);

    private static List<Document> seed() {
        List<Document> documents = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            documents.add(new Document("_id", "d" + i).append("key", "k" + i).append("status", "DISPATCHED")
                    .append("attempt", i).append("big", 5_000_000_000L).append("ratio", 2.5).append("at", AT)
                    .append("s", "m").append("nothing", null).append("tags", new ArrayList<>(List.of("a", "b", "a")))
                    .append("request", doc("{title: 'Thông báo khảo sát', channel: 'zalo', meta: {a: 1, b: {c: 'x'}},"
                            + " items: [{n: 1}, {n: 2}]}"))
                    .append("outbox", new ArrayList<>(List.of(doc("{eventId: 'e1', type: 'status'}"),
                            doc("{eventId: 'e2', type: 'status'}"))))
                    .append("counts", doc("{sent: 1}")));
        }
        return documents;
    }

    private static List<Case> cases() {
        Bson d1 = Filters.eq("_id", "d1");
        List<Case> cases = new ArrayList<>();
        cases.add(one("set top, nested and new nested", d1,
                doc("{$set: {status: 'PUBLISHED', 'request.meta.b.c': 'y', 'fresh.deep.x': 'z', at: new Date(1)}}")));
        cases.add(one("set a sub-document and a list", d1,
                doc("{$set: {'request.meta': {q: [1, {r: 2}]}, tags: ['x']}}")));
        cases.add(one("set the same values (nothing modified)", d1, doc("{$set: {status: 'DISPATCHED', attempt: 1}}")));
        cases.add(one("set a long where an int was", d1, doc("{$set: {attempt: {$numberLong: '1'}}}")));
        cases.add(one("replace the sub-document around an indexed field", d1, doc("{$set: {'request.meta': {a: 7}}}")));
        cases.add(one("set an indexed nested field", d1, doc("{$set: {'request.meta.a': 8}, $inc: {attempt: 1}}")));
        cases.add(one("unset around an indexed field", d1, doc("{$unset: {request: ''}}")));
        cases.add(one("unset present, nested and missing", d1,
                doc("{$unset: {'request.meta.a': '', counts: '', 'missing.deep': '', absent: ''}}")));
        cases.add(one("inc ints, longs, doubles, missing", d1,
                doc("{$inc: {attempt: 1, big: 2, ratio: 1, 'counts.sent': {$numberLong: '3'}, 'counts.fresh': 4, n: 1}}")));
        cases.add(one("inc past the int range", Filters.eq("_id", "d2"), doc("{$inc: {attempt: 2147483647}}")));
        cases.add(one("max and min of numbers, dates, strings, missing", d1,
                doc("{$max: {attempt: 7, at: new Date(1900000000000), s: 'z', fresh: 3}, $min: {ratio: 1, big: 9}}")));
        cases.add(one("max lower, min higher (no change)", d1,
                doc("{$max: {attempt: 0, s: 'a'}, $min: {ratio: 9.5}}")));
        cases.add(one("max across kinds (library)", d1, doc("{$max: {s: 5}}")));
        cases.add(one("push a value and $each, onto a missing list", d1,
                doc("{$push: {outbox: {eventId: 'e3', type: 'status'}, tags: {$each: ['c', 'd']}, fresh: 'x'}}")));
        cases.add(one("push with $slice (library)", d1, doc("{$push: {tags: {$each: ['c'], $slice: -2}}}")));
        cases.add(one("push onto a scalar (library error)", d1, doc("{$push: {s: 'x'}}")));
        cases.add(one("pull by condition, scalar, missing", d1,
                doc("{$pull: {outbox: {eventId: {$in: ['e1', 'nope']}}, tags: 'a', absent: 'x'}}")));
        cases.add(one("pull nothing", d1, doc("{$pull: {outbox: {eventId: 'nope'}}}")));
        cases.add(one("pull from a scalar (library error)", d1, doc("{$pull: {s: 'x'}}")));
        cases.add(one("status report with outbox event", Filters.and(d1, Filters.eq("status", "DISPATCHED"),
                Filters.eq("attempt", 1)), doc("{$set: {status: 'PUBLISHED', statusAt: new Date(5), 'zalo.phase': 'DONE',"
                + " 'zalo.owner': null}, $push: {outbox: {$each: [{eventId: 'e9', type: 'status'}]}}, $inc: {v: 1}}")));
        cases.add(one("compare-and-set that does not hold", Filters.and(d1, Filters.eq("attempt", 9)),
                doc("{$set: {status: 'FAILED'}}")));
        cases.add(one("setOnInsert on an existing document", d1,
                doc("{$setOnInsert: {created: 1}, $set: {status: 'X'}}")));
        cases.add(new Case("upsert that inserts", Filters.eq("_id", "new"),
                doc("{$setOnInsert: {created: 1}, $set: {status: 'X', 'a.b': 1}, $inc: {n: 1}}"), true, false));
        cases.add(new Case("upsert that updates", d1, doc("{$set: {status: 'Y'}, $inc: {n: 1}}"), true, false));
        cases.add(new Case("many by $in", Filters.in("_id", "d1", "d2", "zz"),
                doc("{$set: {status: 'LEASED'}, $inc: {attempt: 1}}"), false, true));
        cases.add(new Case("many by status", Filters.eq("status", "DISPATCHED"),
                doc("{$set: {status: 'SWEPT'}, $unset: {counts: ''}}"), false, true));
        cases.add(one("unique index clash (error)", d1, doc("{$set: {key: 'k2'}}")));
        cases.add(one("set _id (library error)", d1, doc("{$set: {_id: 'other'}}")));
        cases.add(one("conflicting paths (library error)", d1, doc("{$set: {counts: 1, 'counts.sent': 2}}")));
        cases.add(one("path through a list (library)", d1, doc("{$set: {'request.items.0.n': 5, 'tags.1': 'q'}}")));
        cases.add(one("path through a scalar and a null (library error)", d1, doc("{$set: {'s.x': 1}}")));
        cases.add(one("path through null (library)", d1, doc("{$set: {'nothing.x': 1}}")));
        cases.add(one("inc a string (library error)", d1, doc("{$inc: {s: 1}}")));
        cases.add(one("inc by a string (library error)", d1, doc("{$inc: {attempt: 'x'}}")));
        cases.add(one("a $-name inside a value (library error)", d1, doc("{$set: {x: {'$bad': 1}}}")));
        cases.add(one("rename (library)", d1, doc("{$rename: {s: 'renamed'}, $set: {status: 'Z'}}")));
        cases.add(one("addToSet (library)", d1, doc("{$addToSet: {tags: {$each: ['a', 'z']}}}")));
        return cases;
    }

    @Test
    void everyUpdateLeavesTheDocumentsTheIndexesAndTheAnswerAsTheLibraryDoes() {
        long before = CopyOnWriteUpdate.APPLIED.get();
        for (Case c : cases()) {
            MongoCollection<Document> expected = fresh(stock);
            MongoCollection<Document> actual = fresh(ours);
            assertThat(run(actual, c)).as(c.name()).isEqualTo(run(expected, c));
            assertThat(actual.find().sort(Indexes.ascending("_id")).into(new ArrayList<>())).as(c.name())
                    .isEqualTo(expected.find().sort(Indexes.ascending("_id")).into(new ArrayList<>()));
            for (String status : List.of("DISPATCHED", "PUBLISHED", "SWEPT", "LEASED", "X", "Y")) {
                assertThat(ids(actual.find(Filters.eq("status", status)))).as(c.name() + ": status " + status)
                        .isEqualTo(ids(expected.find(Filters.eq("status", status))));
            }
            for (int a : List.of(1, 7, 8)) {
                assertThat(ids(actual.find(Filters.eq("request.meta.a", a)))).as(c.name() + ": request.meta.a " + a)
                        .isEqualTo(ids(expected.find(Filters.eq("request.meta.a", a))));
                assertThat(ids(actual.find(Filters.and(Filters.eq("request.meta.a", a), Filters.eq("attempt", 2)))))
                        .as(c.name() + ": request.meta.a " + a + ", attempt 2")
                        .isEqualTo(ids(expected.find(Filters.and(Filters.eq("request.meta.a", a), Filters.eq("attempt", 2)))));
            }
            assertThat(ids(actual.find(Filters.exists("request.meta.a", false)))).as(c.name() + ": without request.meta.a")
                    .isEqualTo(ids(expected.find(Filters.exists("request.meta.a", false))));
            for (String key : List.of("k1", "k2", "k3")) {
                assertThat(ids(actual.find(Filters.eq("key", key)))).as(c.name() + ": key " + key)
                        .isEqualTo(ids(expected.find(Filters.eq("key", key))));
            }
        }
        // Not a test of the library against itself: most cases took the copy-on-write path.
        assertThat(CopyOnWriteUpdate.APPLIED.get() - before).isGreaterThanOrEqualTo(20);
    }

    @Test
    void aStoredValueIsNeverSharedWithAnotherDocumentOrChangedInPlace() {
        MongoCollection<Document> deliveries = fresh(ours);
        Document request = deliveries.find(Filters.eq("_id", "d1")).first().get("request", Document.class);
        // One value written into two documents, then changed in one of them only.
        deliveries.updateMany(Filters.in("_id", "d1", "d2"), doc("{$set: {shared: {list: [1], inner: {v: 1}}}}"));
        deliveries.updateOne(Filters.eq("_id", "d1"), doc("{$push: {'shared.list': 2}, $set: {'shared.inner.v': 2}}"));
        deliveries.updateOne(Filters.eq("_id", "d1"), doc("{$set: {'request.meta.a': 9}}"));

        assertThat(deliveries.find(Filters.eq("_id", "d2")).first().get("shared", Document.class))
                .isEqualTo(doc("{list: [1], inner: {v: 1}}"));
        assertThat(deliveries.find(Filters.eq("_id", "d1")).first().get("shared", Document.class))
                .isEqualTo(doc("{list: [1, 2], inner: {v: 2}}"));
        assertThat(deliveries.find(Filters.eq("_id", "d2")).first().get("request", Document.class)).isEqualTo(request);
        assertThat(deliveries.find(Filters.eq("_id", "d1")).first().getEmbedded(List.of("request", "meta", "a"), Integer.class))
                .isEqualTo(9);
    }

    @Test
    void equalityIsTheLibrarysNumbersNormalisedNullAsMissingDocumentsInOrder() {
        de.bwaldvogel.mongo.bson.Document ints = new de.bwaldvogel.mongo.bson.Document("a", 1)
                .append("b", List.of(2, new de.bwaldvogel.mongo.bson.Document("c", 3)));
        de.bwaldvogel.mongo.bson.Document mixed = new de.bwaldvogel.mongo.bson.Document("a", 1L)
                .append("b", List.of(2.0, new de.bwaldvogel.mongo.bson.Document("c", 3L)));
        de.bwaldvogel.mongo.bson.Document reordered = new de.bwaldvogel.mongo.bson.Document("b", ints.get("b"))
                .append("a", 1);
        assertThat(CopyOnWriteUpdate.sameOnceNormalized(ints, mixed)).isTrue();
        assertThat(CopyOnWriteUpdate.sameOnceNormalized(ints, reordered)).isFalse();
        assertThat(CopyOnWriteUpdate.sameOnceNormalized(1, 1.5)).isFalse();
        assertThat(CopyOnWriteUpdate.sameOnceNormalized(5_000_000_000L, 5e9)).isTrue();
        assertThat(CopyOnWriteUpdate.sameOnceNormalized(null, de.bwaldvogel.mongo.backend.Missing.getInstance())).isTrue();
        assertThat(CopyOnWriteUpdate.sameOnceNormalized(null, 0)).isFalse();
        assertThat(CopyOnWriteUpdate.sameOnceNormalized(List.of(1, 2), List.of(1))).isFalse();
        assertThat(CopyOnWriteUpdate.sameOnceNormalized("1", 1)).isFalse();
        assertThat(CopyOnWriteUpdate.sameOnceNormalized(new byte[]{1, 2}, new byte[]{1, 2})).isTrue();
    }

    private static MongoCollection<Document> fresh(MongoClient client) {
        MongoCollection<Document> collection = client.getDatabase("updates").getCollection("deliveries");
        collection.drop();
        collection.createIndex(Indexes.ascending("key"), new IndexOptions().unique(true));
        collection.createIndex(Indexes.ascending("status"));
        collection.createIndex(Indexes.ascending("request.meta.a", "attempt"));
        collection.insertMany(seed());
        return collection;
    }

    /** The answer as comparable text: matched, modified, upserted id; or the error's code. */
    private static String run(MongoCollection<Document> collection, Case c) {
        try {
            UpdateOptions options = new UpdateOptions().upsert(c.upsert());
            UpdateResult result = c.many() ? collection.updateMany(c.filter(), c.update(), options)
                    : collection.updateOne(c.filter(), c.update(), options);
            return "matched " + result.getMatchedCount() + ", modified " + result.getModifiedCount() + ", upserted "
                    + result.getUpsertedId();
        } catch (MongoException e) {
            return "error " + e.getCode();
        }
    }

    private static List<Object> ids(Iterable<Document> documents) {
        List<Object> ids = new ArrayList<>();
        documents.forEach(document -> ids.add(document.get("_id")));
        ids.sort((a, b) -> a.toString().compareTo(b.toString()));
        return ids;
    }
}
