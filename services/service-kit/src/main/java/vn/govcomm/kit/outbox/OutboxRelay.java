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
 * {@link #nudge()} after a write cuts the latency to the next loop turn; polling catches everything else,
 * including events written before a restart.
 */
public class OutboxRelay implements SmartLifecycle {

    public static final String FIELD = "outbox";
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final MongoTemplate mongo;
    private final EventPublisher publisher;
    private final String collection;
    private final Duration pollInterval;
    private final int batchSize;
    private final Semaphore wakeUp = new Semaphore(0);
    private final Counter published;
    private final Counter failures;
    private volatile java.util.function.Consumer<Object> afterPublish = id -> { };
    private volatile boolean running;
    private Thread worker;

    public OutboxRelay(MongoTemplate mongo, EventPublisher publisher, String collection, Duration pollInterval,
                       int batchSize, MeterRegistry meters) {
        this.mongo = mongo;
        this.publisher = publisher;
        this.collection = collection;
        this.pollInterval = pollInterval;
        this.batchSize = batchSize;
        this.published = Counter.builder("govcomm.outbox.published").tag("collection", collection)
                .description("Events relayed from an embedded outbox to Kafka").register(meters);
        this.failures = Counter.builder("govcomm.outbox.failures").tag("collection", collection)
                .description("Relay turns that failed and will be retried").register(meters);
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

    /** Ask the relay to run now instead of at the next poll. */
    public void nudge() {
        wakeUp.release();
    }

    /** Publishes what is pending; returns the number of events published. Safe to call from tests. */
    public synchronized int relayOnce() {
        Query pending = new Query(Criteria.where(FIELD + ".0").exists(true)).limit(batchSize);
        pending.fields().include(FIELD);
        int count = 0;
        for (Document aggregate : mongo.find(pending, Document.class, collection)) {
            List<Document> events = aggregate.getList(FIELD, Document.class);
            List<String> sent = new ArrayList<>(events.size());
            try {
                for (Document event : events) {
                    publisher.send(fromDocument(event)).get(30, TimeUnit.SECONDS);
                    sent.add(event.getString("eventId"));
                }
            } catch (Exception e) {
                failures.increment();
                log.warn("Outbox relay of {} {} stopped after {} events; will retry: {}", collection,
                        aggregate.get("_id"), sent.size(), e.toString());
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            } finally {
                if (!sent.isEmpty()) {
                    mongo.updateFirst(Query.query(Criteria.where("_id").is(aggregate.get("_id"))),
                            new Update().pull(FIELD, new Document("eventId", new Document("$in", sent))), collection);
                    published.increment(sent.size());
                    count += sent.size();
                    afterPublish.accept(aggregate.get("_id"));
                }
            }
        }
        return count;
    }

    private void loop() {
        while (running) {
            try {
                wakeUp.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
                while (running && relayOnce() >= batchSize) {
                    // a full batch: more may be waiting
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failures.increment();
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
