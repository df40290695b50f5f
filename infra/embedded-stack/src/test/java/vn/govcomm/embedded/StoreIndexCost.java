package vn.govcomm.embedded;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * A benchmark, not a test (run by hand, see docs/benchmarks.md "Session 23"): what the embedded store's
 * {@link SecondaryIndex}es cost and save, side by side in one process. Per round, a collection without and one with
 * five non-unique indexes (the publisher's deliveries have as many) each take 40,000 inserts in batches of 100,
 * 40,000 compare-and-set updates by {@code _id} that empty the outbox, and 200 outbox sweeps
 * ({@code outbox.eventId} exists, limit 100) over the 40,000 documents.
 */
public final class StoreIndexCost {

    private StoreIndexCost() {
    }

    public static void main(String[] args) {
        int documents = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
        try (EmbeddedMongo store = EmbeddedMongo.inMemory();
             MongoClient client = MongoClients.create(store.uri("cost"))) {
            for (int round = 1; round <= 3; round++) {
                for (boolean indexed : new boolean[] {false, true}) {
                    MongoCollection<Document> deliveries = client.getDatabase("cost")
                            .getCollection("deliveries_" + round + (indexed ? "_indexed" : "_plain"));
                    if (indexed) {
                        deliveries.createIndex(Indexes.ascending("campaignId", "status"));
                        deliveries.createIndex(Indexes.ascending("agencyId", "status"));
                        deliveries.createIndex(Indexes.ascending("status", "dispatchedAt"));
                        deliveries.createIndex(Indexes.ascending("outbox.eventId"), new IndexOptions().sparse(true));
                        deliveries.createIndex(Indexes.ascending("retry.nextAt"), new IndexOptions().sparse(true));
                    }
                    long start = System.nanoTime();
                    for (int first = 0; first < documents; first += 100) {
                        List<Document> batch = new ArrayList<>();
                        for (int n = first; n < Math.min(first + 100, documents); n++) {
                            batch.add(new Document("_id", "dlv-" + n).append("campaignId", "cmp-1")
                                    .append("agencyId", "agency-" + n / 4).append("status", "DISPATCHED")
                                    .append("dispatchedAt", new Date()).append("attempt", 1)
                                    .append("outbox", List.of(new Document("eventId", "evt-" + n)
                                            .append("payload", "x".repeat(400)))));
                        }
                        deliveries.insertMany(batch);
                    }
                    long inserted = System.nanoTime();
                    for (int n = 0; n < documents; n++) {
                        deliveries.updateOne(Filters.and(Filters.eq("_id", "dlv-" + n), Filters.eq("status", "DISPATCHED")),
                                Updates.combine(Updates.set("status", "PUBLISHED"), Updates.set("outbox", List.of())));
                    }
                    long updated = System.nanoTime();
                    for (int sweep = 0; sweep < 200; sweep++) {
                        deliveries.find(Filters.exists("outbox.eventId")).limit(100).into(new ArrayList<>());
                    }
                    long swept = System.nanoTime();
                    System.out.printf("round %d, %s: insert %,d %.2f s, update %,d %.2f s, 200 sweeps %.2f s%n", round,
                            indexed ? "5 indexes" : "no index ", documents, (inserted - start) / 1e9, documents,
                            (updated - inserted) / 1e9, (swept - updated) / 1e9);
                }
            }
        }
    }
}
