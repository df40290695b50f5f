package vn.govcomm.kit.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import vn.govcomm.kit.events.EventPublisher;
import vn.govcomm.kit.events.OutgoingEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Embedded outbox relay. Aggregates keep the events of a state change in an {@value #FIELD} array inside their
 * own document, written in the same single-document update as the change (MongoDB single-document atomicity;
 * no multi-document transactions needed). This relay publishes those events in order and then {@code $pull}s them.
 * <p>
 * Delivery is at-least-once: a crash between send and pull re-sends, with the same ce_id, so consumers dedupe.
 * A writer that knows the aggregate calls {@link #nudge(Object)}: the relay then reads just those documents by
 * {@code _id} (an index look-up on every store, also on mongo-java-server, which scans for any other filter).
 * A sweep over the collection ({@code outbox.0} exists) runs every {@code sweepInterval}, at start and on
 * {@link #nudge()}: it catches events written before a restart or by a writer that did not say which document.
 * Events of several aggregates are sent together and awaited once (in order per aggregate).
 */
public class OutboxRelay implements SmartLifecycle {

    public static final String FIELD = "outbox";
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final MongoTemplate mongo;
    private final EventPublisher publisher;
    private final String collection;
    private final Duration sweepInterval;
    private final int batchSize;
    private final Semaphore wakeUp = new Semaphore(0);
    private final Set<Object> nudged = ConcurrentHashMap.newKeySet();
    private volatile boolean sweepRequested = true;
    private final Counter published;
    private final Counter failures;
    private final Counter sweeps;
    private volatile java.util.function.Consumer<Object> afterPublish = id -> { };
    private volatile boolean running;
    private Thread worker;

    /**
     * @param sweepInterval how often the whole collection is searched for pending events (documents nudged by id
     *                      are relayed at once, whatever this says)
     */
    public OutboxRelay(MongoTemplate mongo, EventPublisher publisher, String collection, Duration sweepInterval,
                       int batchSize, MeterRegistry meters) {
        this.mongo = mongo;
        this.publisher = publisher;
        this.collection = collection;
        this.sweepInterval = sweepInterval;
        this.batchSize = batchSize;
        this.published = Counter.builder("govcomm.outbox.published").tag("collection", collection)
                .description("Events relayed from an embedded outbox to Kafka").register(meters);
        this.failures = Counter.builder("govcomm.outbox.failures").tag("collection", collection)
                .description("Relay turns that failed and will be retried").register(meters);
        this.sweeps = Counter.builder("govcomm.outbox.sweeps").tag("collection", collection)
                .description("Searches of the whole collection for pending events").register(meters);
    }

    /** Converts an event to the sub-document stored in the aggregate's outbox array. */
    public static Document toDocument(OutgoingEvent event) {
        return new Document("eventId", event.eventId())
                .append("topic", event.topic())
                .append("key", event.key())
                .append("type", event.type())
                .append("source", event.source())
                .append("subject", event.subject())
                .append("dataschema", event.dataschema())
                .append("time", Date.from(event.time()))
                .append("data", event.data());
    }

    static OutgoingEvent fromDocument(Document doc) {
        return new OutgoingEvent(doc.getString("eventId"), doc.getString("topic"), doc.getString("key"),
                doc.getString("type"), doc.getString("source"), doc.getString("subject"),
                doc.getString("dataschema"), doc.getDate("time").toInstant(), doc.getString("data"));
    }

    /**
     * Called with the aggregate id after its pending events were published and pulled, e.g. to mark a
     * delivery DISPATCHED only once the broker has it.
     */
    public OutboxRelay afterPublish(java.util.function.Consumer<Object> callback) {
        this.afterPublish = callback;
        return this;
    }

    /** Ask the relay to sweep the whole collection now instead of at the next sweep. */
    public void nudge() {
        sweepRequested = true;
        wakeUp.release();
    }

    /** Ask the relay to publish the pending events of this document now. */
    public void nudge(Object aggregateId) {
        nudged.add(aggregateId);
        wakeUp.release();
    }

    /** Sweeps the collection once; returns the number of events published. Safe to call from tests. */
    public synchronized int relayOnce() {
        Query pending = new Query(Criteria.where(FIELD + ".0").exists(true)).limit(batchSize);
        pending.fields().include(FIELD);
        return relay(mongo.find(pending, Document.class, collection));
    }

    /** Publishes the pending events of these documents (read by {@code _id}); returns the number published. */
    public synchronized int relay(Collection<?> aggregateIds) {
        if (aggregateIds.isEmpty()) {
            return 0;
        }
        Query byId = Query.query(Criteria.where("_id").in(aggregateIds));
        byId.fields().include(FIELD);
        List<Document> found = mongo.find(byId, Document.class, collection);
        found.removeIf(doc -> doc.getList(FIELD, Document.class, List.of()).isEmpty());
        return relay(found);
    }

    private int relay(List<Document> aggregates) {
        // Send everything first, then wait: one broker round trip for the batch instead of one per event.
        // Within an aggregate the records go in order on one producer (idempotent, so retries keep that order).
        List<List<CompletableFuture<?>>> sends = new ArrayList<>(aggregates.size());
        for (Document aggregate : aggregates) {
            List<CompletableFuture<?>> futures = new ArrayList<>();
            for (Document event : aggregate.getList(FIELD, Document.class)) {
                try {
                    futures.add(publisher.send(fromDocument(event)));
                } catch (RuntimeException e) {
                    futures.add(CompletableFuture.failedFuture(e));
                    break;
                }
            }
            sends.add(futures);
        }
        int count = 0;
        for (int i = 0; i < aggregates.size(); i++) {
            Document aggregate = aggregates.get(i);
            List<Document> events = aggregate.getList(FIELD, Document.class);
            List<String> sent = new ArrayList<>(events.size());
            try {
                for (CompletableFuture<?> future : sends.get(i)) {
                    future.get(30, TimeUnit.SECONDS);
                    sent.add(events.get(sent.size()).getString("eventId"));
                }
            } catch (Exception e) {
                failures.increment();
                log.warn("Outbox relay of {} {} stopped after {} events; will retry: {}", collection,
                        aggregate.get("_id"), sent.size(), e.toString());
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                sweepRequested = true;
            }
            if (!sent.isEmpty()) {
                mongo.updateFirst(Query.query(Criteria.where("_id").is(aggregate.get("_id"))),
                        new Update().pull(FIELD, new Document("eventId", new Document("$in", sent))), collection);
                published.increment(sent.size());
                count += sent.size();
                afterPublish.accept(aggregate.get("_id"));
            }
        }
        return count;
    }

    private void loop() {
        long nextSweep = 0;
        while (running) {
            try {
                long wait = Math.max(1, Math.min(sweepInterval.toMillis(), nextSweep - System.currentTimeMillis()));
                wakeUp.tryAcquire(wait, TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
                while (running && !nudged.isEmpty()) {
                    List<Object> ids = new ArrayList<>(batchSize);
                    for (Object id : nudged) {
                        if (ids.size() == batchSize) {
                            break;
                        }
                        ids.add(id);
                    }
                    ids.forEach(nudged::remove);
                    relay(ids);
                }
                if (sweepRequested || System.currentTimeMillis() >= nextSweep) {
                    sweepRequested = false;
                    nextSweep = System.currentTimeMillis() + sweepInterval.toMillis();
                    while (running && relayOnce() >= batchSize) {
                        // a full batch: more may be waiting
                    }
                    sweeps.increment();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failures.increment();
                sweepRequested = true;
                log.warn("Outbox relay of {} failed; will retry: {}", collection, e.toString());
            }
        }
    }

    @Override
    public void start() {
        running = true;
        worker = Thread.ofPlatform().daemon().name("outbox-relay-" + collection).start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        if (worker != null) {
            worker.interrupt();
            try {
                worker.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
