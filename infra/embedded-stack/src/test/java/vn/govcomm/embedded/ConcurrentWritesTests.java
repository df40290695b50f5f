package vn.govcomm.embedded;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writers on several connections at once get what MongoDB gives them: no lost increment, and a duplicate key as a
 * per-write E11000, never an error for the whole command (the reporting projection takes E11000 for a lost
 * compare-and-set and redoes it; anything else is an unknown outcome). Guards the durable store's command lock
 * ({@link DurableH2Backend}) as much as the stock collections' own synchronisation.
 */
class ConcurrentWritesTests {

    static final int THREADS = 6;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    void concurrentIncrementsAreNotLost(String backend) throws Exception {
        int perThread = 150;
        try (EmbeddedMongo store = open(backend);
             MongoClient client = MongoClients.create(store.uri("race"))) {
            MongoCollection<Document> counts = client.getDatabase("race").getCollection("counts");
            counts.insertOne(new Document("_id", "campaign-1").append("published", 0));

            runTogether(thread -> {
                for (int i = 0; i < perThread; i++) {
                    counts.updateOne(Filters.eq("_id", "campaign-1"), Updates.inc("published", 1));
                }
            });

            assertThat(counts.find(Filters.eq("_id", "campaign-1")).first().getInteger("published"))
                    .isEqualTo(THREADS * perThread);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    void racingUpsertsOfOneNewIdLoseWithAPerWriteDuplicateKey(String backend) throws Exception {
        int rows = 120;
        try (EmbeddedMongo store = open(backend);
             MongoClient client = MongoClients.create(store.uri("race"))) {
            MongoCollection<Document> reportRows = client.getDatabase("race").getCollection("report_deliveries");
            ConcurrentLinkedQueue<Integer> writeErrorCodes = new ConcurrentLinkedQueue<>();
            AtomicInteger upserted = new AtomicInteger();

            // The reporting projection's shape: create the row only if nobody has, as an unordered bulk.
            runTogether(thread -> {
                List<WriteModel<Document>> creates = new ArrayList<>();
                for (int i = 0; i < rows; i++) {
                    creates.add(new UpdateOneModel<>(
                            Filters.and(Filters.eq("_id", "dlv-" + i), Filters.exists("status", false)),
                            Updates.combine(Updates.set("status", "DISPATCHED"), Updates.set("by", thread)),
                            new UpdateOptions().upsert(true)));
                }
                try {
                    upserted.addAndGet(reportRows.bulkWrite(creates, new BulkWriteOptions().ordered(false)).getUpserts().size());
                } catch (MongoBulkWriteException e) {
                    upserted.addAndGet(e.getWriteResult().getUpserts().size());
                    e.getWriteErrors().forEach(error -> writeErrorCodes.add(error.getCode()));
                }
            });

            // Every row exists once; each racer either created it or was told E11000 for that write alone.
            assertThat(reportRows.countDocuments()).isEqualTo(rows);
            assertThat(upserted.get()).isEqualTo(rows);
            assertThat(writeErrorCodes).hasSize((THREADS - 1) * rows).containsOnly(11000);
        }
    }

    private EmbeddedMongo open(String backend) {
        return backend.equals("h2") ? EmbeddedMongo.persistent(dir, 0) : EmbeddedMongo.inMemory();
    }

    interface Work {
        void run(int thread) throws Exception;
    }

    /** Runs the work on {@link #THREADS} threads released at once; any exception (a command error) fails the test. */
    private static void runTogether(Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                running.add(pool.submit(() -> {
                    start.await();
                    work.run(thread);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : running) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
