package vn.govcomm.kit.outbox;

import com.mongodb.client.result.UpdateResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.index.IndexOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import vn.govcomm.kit.events.EventPublisher;
import vn.govcomm.kit.events.OutgoingEvent;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Embedded outbox relay. Aggregates keep the events of a state change in an {@value #FIELD} array inside their
 * own document, written in the same single-document update as the change (MongoDB single-document atomicity;
 * no multi-document transactions needed). This relay publishes those events in order and then {@code $pull}s them.
 * <p>
 * Delivery is at-least-once: a crash between send and pull re-sends, with the same ce_id, so consumers dedupe.
 * A writer that knows the aggregate calls {@link #nudge(Object)}: the relay then reads just those documents by
 * {@code _id} (an index look-up on every store, also on mongo-java-server, which scans for any other filter).
 * A sweep over the collection ({@code outbox.eventId} exists: every entry has one) runs every {@code sweepInterval},
 * at start and on {@link #nudge()}: it catches events written before a restart or by a writer that did not say which
 * document. On a real MongoDB it reads the sparse index {@value #PENDING_INDEX} (only documents with pending events
 * are in it), which the relay creates on its collection when it starts, with {@value #QUARANTINED_INDEX} for the
 * quarantine count ({@link #ensureIndexes()}).
 * Events of several aggregates are sent together and awaited once (in order per aggregate).
 * <p>
 * <b>Failures.</b> A send that fails for a reason of the platform (broker down, timeout, not enough replicas, any
 * error not known to be the event's own) stops that document's turn: its events stay in the outbox and are sent
 * again at the next sweep, forever; the log says so once per outage (see {@link RelayOutage}). A send the broker or
 * the producer will never accept — record too large (the producer's {@code max.request.size}, checked here before
 * sending, or the broker's / topic's message size), serialization, invalid topic, an outbox entry that is not an
 * event — is <b>poison</b>: the event moves from {@value #FIELD} to {@value #QUARANTINE} on the same document, with
 * the error, in one update (nothing is dropped), it is counted ({@code govcomm.outbox.quarantined}) and logged once
 * at ERROR, and the events behind it go on. {@code govcomm.outbox.quarantined.events} is the number of quarantined
 * events in the collection (alert {@code GovcommOutboxEventsQuarantined}).
 * <p>
 * <b>Repair.</b> An event written with {@link #toDocument(OutgoingEvent, boolean) resolvesQuarantine} (through
 * {@link OutboxWriter#update(Object, long, String, List, java.util.function.Predicate)}) replaces what was
 * quarantined before it on its document: once the broker has acknowledged it, the quarantined events present on
 * the document are moved to {@value #RESOLVED} (without their payload, with {@code resolvedAt} and
 * {@code resolvedBy}), counted ({@code govcomm.outbox.quarantine.resolved}) and logged.
 */
public class OutboxRelay implements SmartLifecycle {

    public static final String FIELD = "outbox";
    /**
     * Events that can never be sent, with why: {eventId, type, topic, key, subject, reason, error, message,
     * quarantinedAt, [recordBytes, limitBytes], event (the whole outbox entry)}.
     */
    public static final String QUARANTINE = "outboxQuarantine";
    /** Quarantined events replaced by a later event that was sent: the entry without {@code event}, plus resolvedAt, resolvedBy. */
    public static final String RESOLVED = "outboxQuarantineResolved";
    /** Outbox entry flag: publishing this event resolves the quarantined events of its document. */
    static final String RESOLVES_QUARANTINE = "resolvesQuarantine";
    static final Duration QUARANTINE_GAUGE_REFRESH = Duration.ofMinutes(1);
    /** Sparse index on {@code outbox.eventId}: the documents with pending events, what the sweep reads. */
    public static final String PENDING_INDEX = "outbox_pending";
    /** Sparse index on {@code outboxQuarantine.eventId}: the documents with quarantined events, what the gauge counts. */
    public static final String QUARANTINED_INDEX = "outbox_quarantined";
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final MongoTemplate mongo;
    private final EventPublisher publisher;
    private final String collection;
    private final Duration sweepInterval;
    private final int batchSize;
    private final Semaphore wakeUp = new Semaphore(0);
    private final Set<Object> nudged = ConcurrentHashMap.newKeySet();
    private volatile boolean sweepRequested = true;
    private final MeterRegistry meters;
    private final Counter published;
    private final Counter failures;
    private final Counter sweeps;
    private final AtomicLong quarantined = new AtomicLong();
    private final RelayOutage outage;
    private volatile boolean quarantineChanged = true;
    private volatile int maxRecordBytes = Integer.MAX_VALUE;
    private volatile Consumer<Object> afterPublish = id -> { };
    private volatile boolean running;
    private Thread worker;

    /**
     * @param sweepInterval how often the whole collection is searched for pending events (documents nudged by id
     *                      are relayed at once, whatever this says); also the retry interval after a failure
     */
    public OutboxRelay(MongoTemplate mongo, EventPublisher publisher, String collection, Duration sweepInterval,
                       int batchSize, MeterRegistry meters) {
        this.mongo = mongo;
        this.publisher = publisher;
        this.collection = collection;
        this.sweepInterval = sweepInterval;
        this.batchSize = batchSize;
        this.meters = meters;
        this.outage = new RelayOutage(log, collection, sweepInterval);
        this.published = Counter.builder("govcomm.outbox.published").tag("collection", collection)
                .description("Events relayed from an embedded outbox to Kafka").register(meters);
        this.failures = Counter.builder("govcomm.outbox.failures").tag("collection", collection)
                .description("Relay turns that failed and will be retried").register(meters);
        this.sweeps = Counter.builder("govcomm.outbox.sweeps").tag("collection", collection)
                .description("Searches of the whole collection for pending events").register(meters);
        Gauge.builder("govcomm.outbox.quarantined.events", quarantined, AtomicLong::get).tag("collection", collection)
                .description("Events in the collection's outbox quarantine (can never be sent; refreshed every minute)")
                .strongReference(true).register(meters);
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

    /**
     * As {@link #toDocument(OutgoingEvent)}; with {@code resolvesQuarantine}, publishing this event resolves the
     * events quarantined on its document before it (it carries what they failed to carry, e.g. a new version).
     */
    public static Document toDocument(OutgoingEvent event, boolean resolvesQuarantine) {
        Document doc = toDocument(event);
        if (resolvesQuarantine) {
            doc.append(RESOLVES_QUARANTINE, true);
        }
        return doc;
    }

    static OutgoingEvent fromDocument(Document doc) {
        return new OutgoingEvent(doc.getString("eventId"), doc.getString("topic"), doc.getString("key"),
                doc.getString("type"), doc.getString("source"), doc.getString("subject"),
                doc.getString("dataschema"), doc.getDate("time").toInstant(), doc.getString("data"));
    }

    /**
     * Called with the aggregate id after some of its pending events were published and pulled, e.g. to mark a
     * delivery DISPATCHED only once the broker has it. Not called for a turn that only quarantined events (the
     * document's {@value #QUARANTINE} then holds them).
     */
    public OutboxRelay afterPublish(Consumer<Object> callback) {
        this.afterPublish = callback;
        return this;
    }

    /**
     * The largest record (as the producer measures it: key, value, headers, batch overhead) the producer sends,
     * i.e. its {@code max.request.size}. Larger events are quarantined without being sent. Unset: no check here
     * (the producer's own check still fails them, and they are quarantined then).
     */
    public OutboxRelay maxRecordBytes(int maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
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
        return sweep().published();
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
        return relay(found).published();
    }

    /**
     * The number of quarantined events in the collection, counted in the store now (also what the gauge shows
     * after its next refresh).
     */
    public long countQuarantined() {
        // every quarantine entry has an eventId: the same documents as "outboxQuarantine.0 exists", through the index
        Query withQuarantine = new Query(Criteria.where(QUARANTINE + ".eventId").exists(true));
        withQuarantine.fields().include(QUARANTINE + ".eventId");
        long count = 0;
        for (Document doc : mongo.find(withQuarantine, Document.class, collection)) {
            count += doc.getList(QUARANTINE, Document.class, List.of()).size();
        }
        return count;
    }

    /**
     * Creates the relay's indexes on its collection (idempotent; done by the relay's thread before its first sweep,
     * and again after a failure): sparse, so each holds only the documents with pending / quarantined events, and
     * usable by the {@code $exists: true} queries of the sweep and the quarantine count.
     */
    public void ensureIndexes() {
        IndexOperations indexes = mongo.indexOps(collection);
        indexes.createIndex(new Index().on(FIELD + ".eventId", Sort.Direction.ASC).sparse().named(PENDING_INDEX));
        indexes.createIndex(new Index().on(QUARANTINE + ".eventId", Sort.Direction.ASC).sparse().named(QUARANTINED_INDEX));
    }

    private record Turn(int found, int published, int quarantined) {
    }

    private synchronized Turn sweep() {
        // every outbox entry has an eventId (OutgoingEvent requires it): the same documents as "outbox.0 exists",
        // which no index serves, through the sparse index PENDING_INDEX
        Query pending = new Query(Criteria.where(FIELD + ".eventId").exists(true)).limit(batchSize);
        pending.fields().include(FIELD);
        List<Document> found = mongo.find(pending, Document.class, collection);
        Turn turn = relay(found);
        if (found.size() < batchSize) {
            // a complete view of what is pending: documents no longer in it are not waiting any more
            outage.retainOnly(found.stream().map(doc -> doc.get("_id")).toList(), Instant.now());
        }
        return turn;
    }

    /** One event's send: the stored entry and the broker's answer. */
    private record Attempt(Document entry, CompletableFuture<?> answer) {
    }

    private Turn relay(List<Document> aggregates) {
        // Send everything first, then wait: one broker round trip for the batch instead of one per event.
        // Within an aggregate the records go in order on one producer (idempotent, so retries keep that order).
        List<List<Attempt>> sends = new ArrayList<>(aggregates.size());
        for (Document aggregate : aggregates) {
            List<Attempt> attempts = new ArrayList<>();
            for (Document entry : aggregate.getList(FIELD, Document.class)) {
                CompletableFuture<?> answer = send(entry);
                attempts.add(new Attempt(entry, answer));
                if (answer.isCompletedExceptionally() && retriable(answer)) {
                    break; // the rest waits for the retry, in order
                }
            }
            sends.add(attempts);
        }
        int publishedCount = 0;
        int quarantinedCount = 0;
        Map<Object, List<Document>> settled = new LinkedHashMap<>();
        for (int i = 0; i < aggregates.size(); i++) {
            Object id = aggregates.get(i).get("_id");
            List<Document> sent = new ArrayList<>();
            List<Document> poison = new ArrayList<>();
            SendFailure retry = null;
            for (Attempt attempt : sends.get(i)) {
                SendFailure failure = await(attempt.answer());
                if (failure == null) {
                    sent.add(attempt.entry());
                } else if (failure.retriable()) {
                    retry = failure;
                    break;
                } else {
                    poison.add(quarantineEntry(attempt.entry(), failure));
                }
            }
            if (retry != null) {
                failures.increment();
                sweepRequested = true;
                if (!Thread.currentThread().isInterrupted()) { // interrupted: the relay is stopping, not failing
                    outage.failed(id, retry.describe() + (sent.size() + poison.size() > 0
                            ? " (after " + (sent.size() + poison.size()) + " events of it were handled)" : ""), Instant.now());
                }
            } else {
                outage.recovered(id, Instant.now());
            }
            if (sent.isEmpty() && poison.isEmpty()) {
                continue;
            }
            if (sent.stream().anyMatch(e -> Boolean.TRUE.equals(e.getBoolean(RESOLVES_QUARANTINE)))) {
                resolveQuarantine(id, sent.stream().filter(e -> Boolean.TRUE.equals(e.getBoolean(RESOLVES_QUARANTINE)))
                        .reduce((a, b) -> b).orElseThrow());
            }
            if (poison.isEmpty()) {
                settled.put(id, sent); // pulled together below
                continue;
            }
            if (settle(id, sent, poison)) {
                quarantinedCount += poison.size();
            }
            if (!sent.isEmpty()) {
                published.increment(sent.size());
                publishedCount += sent.size();
                afterPublish.accept(id);
            }
        }
        pullSent(settled);
        for (Map.Entry<Object, List<Document>> done : settled.entrySet()) {
            published.increment(done.getValue().size());
            publishedCount += done.getValue().size();
            afterPublish.accept(done.getKey());
        }
        return new Turn(aggregates.size(), publishedCount, quarantinedCount);
    }

    /**
     * The sent events leave the outboxes of their documents in one unordered bulk write: one store round trip for
     * the turn instead of one per document (a crash before it re-sends them: at-least-once, same ce_ids).
     */
    private void pullSent(Map<Object, List<Document>> sentById) {
        if (sentById.isEmpty()) {
            return;
        }
        BulkOperations pulls = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, collection);
        sentById.forEach((id, sent) -> pulls.updateOne(Query.query(Criteria.where("_id").is(id)), new Update().pull(FIELD,
                new Document("eventId", new Document("$in", sent.stream().map(e -> e.get("eventId")).toList())))));
        pulls.execute();
    }

    /** Sends one stored entry; a failure (also one before sending) is a failed answer. */
    private CompletableFuture<?> send(Document entry) {
        OutgoingEvent event;
        try {
            event = fromDocument(entry);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new InvalidOutboxEntry(e));
        }
        try {
            int size = recordSize(event);
            if (size > maxRecordBytes) {
                return CompletableFuture.failedFuture(new SendFailure.OversizeEvent(size, maxRecordBytes));
            }
            return publisher.send(event);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The record's size as the producer checks it against max.request.size (uncompressed upper bound). */
    static int recordSize(OutgoingEvent event) {
        ProducerRecord<String, byte[]> record = EventPublisher.toRecord(event);
        return AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE,
                record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), record.value(),
                record.headers().toArray());
    }

    /** Null when the broker acknowledged the event, otherwise why not. */
    private static SendFailure await(CompletableFuture<?> answer) {
        try {
            answer.get(30, TimeUnit.SECONDS);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendFailure.of(e);
        } catch (Exception e) {
            return e.getCause() instanceof InvalidOutboxEntry invalid
                    ? SendFailure.invalidEvent((RuntimeException) invalid.getCause()) : SendFailure.of(e);
        }
    }

    private static boolean retriable(CompletableFuture<?> failed) {
        return await(failed).retriable();
    }

    /** Marks an entry that could not be read as an event (it is poison, whatever the exception says). */
    private static final class InvalidOutboxEntry extends RuntimeException {
        InvalidOutboxEntry(RuntimeException cause) {
            super(cause);
        }
    }

    private static Document quarantineEntry(Document entry, SendFailure failure) {
        String message = failure.message().length() > 2000 ? failure.message().substring(0, 2000) + "…" : failure.message();
        Document event = new Document(entry);
        event.remove(RESOLVES_QUARANTINE);
        Document kept = new Document("eventId", entry.get("eventId"))
                .append("type", entry.get("type"))
                .append("topic", entry.get("topic"))
                .append("key", entry.get("key"))
                .append("subject", entry.get("subject"))
                .append("reason", failure.reason())
                .append("error", failure.error())
                .append("message", message)
                .append("quarantinedAt", new Date());
        if (failure.recordBytes() != null) {
            kept.append("recordBytes", failure.recordBytes()).append("limitBytes", failure.limitBytes());
        }
        return kept.append("event", event);
    }

    /**
     * In one update: the sent and the poison events leave the outbox, the poison ones enter the quarantine. The
     * filter requires the poison ones to be still in the outbox, so two relays (two instances) never quarantine an
     * event twice. Returns whether this relay quarantined them.
     */
    private boolean settle(Object id, List<Document> sent, List<Document> poison) {
        List<Object> leaving = new ArrayList<>(sent.size() + poison.size());
        sent.forEach(e -> leaving.add(e.get("eventId")));
        poison.forEach(e -> leaving.add(e.get("eventId")));
        Update update = new Update().pull(FIELD, new Document("eventId", new Document("$in", leaving)));
        Criteria filter = Criteria.where("_id").is(id);
        if (!poison.isEmpty()) {
            filter = filter.and(FIELD + ".eventId").all(poison.stream().map(e -> e.get("eventId")).toList());
            update.push(QUARANTINE).each(poison.toArray());
        }
        UpdateResult result = mongo.updateFirst(Query.query(filter), update, collection);
        if (poison.isEmpty()) {
            return false;
        }
        if (result.getMatchedCount() == 0) {
            // another relay moved them first; what this one sent must still leave the outbox
            if (!sent.isEmpty()) {
                mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), new Update().pull(FIELD, new Document(
                        "eventId", new Document("$in", sent.stream().map(e -> e.get("eventId")).toList()))), collection);
            }
            return false;
        }
        for (Document entry : poison) {
            Counter.builder("govcomm.outbox.quarantined").tag("collection", collection)
                    .tag("type", String.valueOf(entry.get("type")))
                    .description("Events moved from an outbox to its quarantine: they can never be sent")
                    .register(meters).increment();
            log.error("Outbox event {} ({}, topic {}) of {} {} can never be sent and is quarantined in {}.{}: {} ({}). "
                            + "The events behind it go on. Find it: db.getCollection(\"{}\").find({\"{}.eventId\": \"{}\"})",
                    entry.get("eventId"), entry.get("type"), entry.get("topic"), collection, id, collection, QUARANTINE,
                    entry.get("message"), entry.get("reason"), collection, QUARANTINE, entry.get("eventId"));
        }
        quarantined.addAndGet(poison.size());
        quarantineChanged = true;
        return true;
    }

    /**
     * The event {@code by} was published and replaces what is quarantined on the document: those entries move to
     * {@value #RESOLVED}, without their payload. Done before the published event leaves the outbox, so a crash
     * in between re-sends it (at-least-once) rather than leaving a repaired document marked as broken.
     */
    private void resolveQuarantine(Object id, Document by) {
        Query byId = Query.query(Criteria.where("_id").is(id));
        for (String field : List.of("eventId", "type", "topic", "reason", "error", "message", "quarantinedAt",
                "recordBytes", "limitBytes")) {
            byId.fields().include(QUARANTINE + "." + field);
        }
        Document doc = mongo.findOne(byId, Document.class, collection);
        List<Document> entries = doc == null ? List.of() : doc.getList(QUARANTINE, Document.class, List.of());
        if (entries.isEmpty()) {
            return;
        }
        Date now = new Date();
        List<Object> ids = entries.stream().map(e -> e.get("eventId")).toList();
        List<Document> resolved = entries.stream().map(e -> new Document(e).append("resolvedAt", now)
                .append("resolvedBy", by.get("eventId"))).toList();
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), new Update()
                .pull(QUARANTINE, new Document("eventId", new Document("$in", ids)))
                .push(RESOLVED).each(resolved.toArray()), collection);
        for (Document entry : entries) {
            Counter.builder("govcomm.outbox.quarantine.resolved").tag("collection", collection)
                    .tag("type", String.valueOf(entry.get("type")))
                    .description("Quarantined events replaced by a later event that was sent").register(meters).increment();
            log.info("Quarantined outbox event {} ({}) of {} {} is resolved: {} ({}) replaced it and was published",
                    entry.get("eventId"), entry.get("type"), collection, id, by.get("eventId"), by.get("type"));
        }
        quarantined.updateAndGet(n -> Math.max(0, n - entries.size()));
        quarantineChanged = true;
    }

    private void refreshQuarantineGauge() {
        quarantineChanged = false;
        quarantined.set(countQuarantined());
    }

    private void loop() {
        long nextSweep = 0;
        long nextGaugeRefresh = 0;
        boolean indexed = false;
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
                    if (!indexed) { // before the first sweep, which reads them; retried at the next sweep if it failed
                        ensureIndexes();
                        indexed = true;
                    }
                    Turn turn;
                    do {
                        turn = sweep();
                        // a full batch that made progress: more may be waiting
                    } while (running && turn.found() >= batchSize && turn.published() + turn.quarantined() > 0);
                    sweeps.increment();
                }
                if (quarantineChanged || System.currentTimeMillis() >= nextGaugeRefresh) {
                    refreshQuarantineGauge();
                    nextGaugeRefresh = System.currentTimeMillis() + QUARANTINE_GAUGE_REFRESH.toMillis();
                }
                outage.recovered(RelayOutage.RELAY, Instant.now());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failures.increment();
                sweepRequested = true;
                outage.failed(RelayOutage.RELAY, e.toString(), Instant.now());
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
