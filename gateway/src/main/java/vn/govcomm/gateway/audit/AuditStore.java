package vn.govcomm.gateway.audit;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Sorts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The durable audit trail: one document per entry in the gateway's own database (collection {@value #COLLECTION}),
 * kept for {@code retention} by a TTL index on {@code at}.
 * <p>
 * Writes never hold up or fail the request being audited: entries go to a bounded queue and one background
 * writer inserts them in batches. While the store is unreachable the driver waits (server selection timeout), the
 * queue absorbs the entries meanwhile; an entry that cannot be queued (queue full) or whose insert fails is logged
 * and counted in {@code govcomm.audit.store.failures} (tag {@code reason}: queue_full, store_unavailable). The
 * structured log line written for every entry stays the fallback record.
 */
public class AuditStore implements AutoCloseable {

    static final String COLLECTION = "audit";
    private static final Logger log = LoggerFactory.getLogger(AuditStore.class);
    private static final int BATCH = 200;
    private static final Entry STOP = new Entry(Instant.EPOCH, "", "", "", "", "", "", 0, "", "");

    private final MongoDatabase database;
    private final MongoCollection<Document> collection;
    private final Duration retention;
    private final BlockingQueue<Entry> queue;
    private final Counter queueFull;
    private final Counter storeUnavailable;
    private final Counter stored;
    private final Thread writer;
    private volatile boolean indexed;
    private volatile boolean closed;

    private record Entry(Instant at, String actor, String roles, String agency, String action, String method,
                         String path, int status, String clientIp, String via) {
        static Entry of(AuditLog.Entry e) {
            return new Entry(e.at(), e.actor(), e.roles(), e.agency(), e.action(), e.method(), e.path(), e.status(),
                    e.clientIp(), e.via());
        }
    }

    public AuditStore(MongoClient client, String database, Duration retention, int queueCapacity, MeterRegistry meters) {
        this.database = client.getDatabase(database);
        this.collection = this.database.getCollection(COLLECTION);
        this.retention = retention;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.queueFull = Counter.builder("govcomm.audit.store.failures").tag("reason", "queue_full")
                .description("Audit entries not stored (the log line remains)").register(meters);
        this.storeUnavailable = Counter.builder("govcomm.audit.store.failures").tag("reason", "store_unavailable")
                .description("Audit entries not stored (the log line remains)").register(meters);
        this.stored = Counter.builder("govcomm.audit.stored").description("Audit entries stored").register(meters);
        this.writer = Thread.ofPlatform().daemon().name("audit-store-writer").start(this::writeLoop);
    }

    /** Queues the entry for storing; returns at once, whatever the state of the store. */
    void append(AuditLog.Entry entry) {
        if (closed || !queue.offer(Entry.of(entry))) {
            queueFull.increment();
            log.warn("Audit entry not stored (queue full or closing): actor={} action={} path={} at={}",
                    entry.actor(), entry.action(), entry.path(), entry.at());
        }
    }

    /** What an admin asks for; null fields do not filter. {@code to} is exclusive. */
    public record Query(String actor, String action, String agency, Instant from, Instant to, int page, int size) {
    }

    public record Page(List<AuditLog.Entry> entries, int page, int size, boolean hasNext) {
    }

    /** Newest first. Throws the driver's exception when the store cannot be read. */
    public Page find(Query q) {
        List<Bson> filters = new ArrayList<>();
        if (q.actor() != null) {
            filters.add(Filters.eq("actor", q.actor()));
        }
        if (q.action() != null) {
            filters.add(Filters.eq("action", q.action()));
        }
        if (q.agency() != null) {
            filters.add(Filters.eq("agency", q.agency()));
        }
        if (q.from() != null) {
            filters.add(Filters.gte("at", Date.from(q.from())));
        }
        if (q.to() != null) {
            filters.add(Filters.lt("at", Date.from(q.to())));
        }
        List<AuditLog.Entry> out = new ArrayList<>();
        collection.find(filters.isEmpty() ? new Document() : Filters.and(filters))
                .sort(Sorts.descending("at", "_id")).skip(q.page() * q.size()).limit(q.size() + 1)
                .forEach(d -> out.add(entry(d)));
        boolean more = out.size() > q.size();
        return new Page(more ? out.subList(0, q.size()) : out, q.page(), q.size(), more);
    }

    private static AuditLog.Entry entry(Document d) {
        return new AuditLog.Entry(d.getDate("at").toInstant(), d.getString("actor"), d.getString("roles"),
                d.getString("agency"), d.getString("action"), d.getString("method"), d.getString("path"),
                d.getInteger("status", 0), d.getString("ip"), d.getString("via"));
    }

    private static Document document(Entry e) {
        return new Document("at", Date.from(e.at())).append("actor", e.actor()).append("roles", e.roles())
                .append("agency", e.agency()).append("action", e.action()).append("method", e.method())
                .append("path", e.path()).append("status", e.status()).append("ip", e.clientIp()).append("via", e.via());
    }

    private void writeLoop() {
        List<Entry> batch = new ArrayList<>(BATCH);
        while (true) {
            try {
                Entry first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                boolean stop = batch.remove(STOP);
                write(batch);
                batch.clear();
                if (stop) {
                    return;
                }
            } catch (InterruptedException e) {
                write(batch);
                return;
            }
        }
    }

    private void write(List<Entry> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            ensureIndexes();
            collection.insertMany(batch.stream().map(AuditStore::document).toList(), new InsertManyOptions().ordered(false));
            stored.increment(batch.size());
        } catch (RuntimeException e) {
            storeUnavailable.increment(batch.size());
            log.warn("{} audit entries not stored (the log lines above remain): {}", batch.size(), e.toString());
        }
    }

    /** The TTL index (retention) and the filters' indexes; a changed retention is applied with collMod. */
    private void ensureIndexes() {
        if (indexed) {
            return;
        }
        long seconds = retention.toSeconds();
        try {
            collection.createIndex(Indexes.ascending("at"),
                    new IndexOptions().name("at_ttl").expireAfter(seconds, TimeUnit.SECONDS));
        } catch (MongoCommandException e) {
            if (e.getErrorCode() != 85 && e.getErrorCode() != 86) { // IndexOptionsConflict / IndexKeySpecsConflict
                throw e;
            }
            try {
                database.runCommand(new Document("collMod", COLLECTION).append("index",
                        new Document("name", "at_ttl").append("expireAfterSeconds", seconds)));
                log.info("Audit retention changed to {}", retention);
            } catch (RuntimeException collMod) {
                log.warn("Could not change the audit TTL to {}: {}", retention, collMod.toString());
            }
        }
        collection.createIndex(Indexes.compoundIndex(Indexes.ascending("actor"), Indexes.descending("at")));
        collection.createIndex(Indexes.compoundIndex(Indexes.ascending("agency"), Indexes.descending("at")));
        collection.createIndex(Indexes.compoundIndex(Indexes.ascending("action"), Indexes.descending("at")));
        indexed = true;
    }

    /** Stores what is queued (waits a few seconds at most), then stops the writer. */
    @Override
    public void close() {
        closed = true;
        queue.offer(STOP);
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            writer.interrupt();
        }
    }
}
