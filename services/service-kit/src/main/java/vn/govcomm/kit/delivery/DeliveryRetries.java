package vn.govcomm.kit.delivery;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.events.DeliveryRequested;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Durable retries of deliveries the channel could not take yet ({@link RetryLater}). The wait lives on the
 * adapter's delivery document ({@code retry: {nextAt, count, since, deadline, reasonCode, reason}}), so it survives
 * restarts and needs no Kafka redelivery: the request's record is committed, never dead-lettered for a transient
 * failure. A sweeper claims due deliveries (compare-and-set on {@code retry.nextAt}, which doubles as a lease: an
 * instance that dies mid-call leaves a claim that comes due again after {@link Settings#lease}) and calls
 * {@link ChannelAdapter#redelivered} — "the same attempt again, finish what is left", which every adapter already
 * makes safe to repeat. Waits grow exponentially with jitter (or as long as the channel asked), up to the end of the
 * campaign window; then the delivery is reported FAILED with the last reason, so an officer can re-send it.
 */
public class DeliveryRetries implements SmartLifecycle {

    public static final String FIELD = "retry";
    private static final Logger log = LoggerFactory.getLogger(DeliveryRetries.class);
    private static final String GAVE_UP = " (đã thử lại đến hết thời hạn của chiến dịch / retried until the campaign window ended)";

    /**
     * @param firstDelay   wait before the first retry (then ×{@code multiplier} per retry, capped at {@code maxDelay})
     * @param maxWait      how long a delivery without a window end keeps being retried
     * @param pollInterval how often due retries are looked for
     * @param lease        how long a claimed retry is hidden from other sweeps (covers a crash mid-call)
     * @param concurrency  adapter calls made at once (one slow endpoint does not hold the others up)
     */
    public record Settings(Duration firstDelay, double multiplier, Duration maxDelay, Duration maxWait,
                           Duration pollInterval, Duration lease, int concurrency, int batchSize) {
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(30), 2.0, Duration.ofMinutes(15), Duration.ofHours(48),
                    Duration.ofSeconds(5), Duration.ofMinutes(2), 4, 100);
        }
    }

    private final MongoTemplate mongo;
    private final AdapterDeliveries deliveries;
    private final Supplier<ChannelAdapter> adapter;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final String channel;
    private final Settings settings;
    private final Clock clock;
    private final AtomicLong waiting = new AtomicLong();
    private final AtomicLong oldestWaitSeconds = new AtomicLong();
    private final Semaphore slots;
    private volatile ScheduledExecutorService sweeper;
    private volatile ExecutorService workers;
    private volatile Instant lastCount = Instant.EPOCH;

    public DeliveryRetries(MongoTemplate mongo, AdapterDeliveries deliveries, Supplier<ChannelAdapter> adapter,
                           JsonMapper json, MeterRegistry meters, String channel, Settings settings, Clock clock) {
        this.mongo = mongo;
        this.deliveries = deliveries;
        this.adapter = adapter;
        this.json = json;
        this.meters = meters;
        this.channel = channel;
        this.settings = settings;
        this.clock = clock;
        this.slots = new Semaphore(settings.concurrency());
        mongo.indexOps(AdapterDeliveries.COLLECTION).createIndex(new Index().on(FIELD + ".nextAt", Sort.Direction.ASC)
                .sparse().named("retry_due"));
        for (String outcome : List.of("scheduled", "retried", "gave-up")) {   // present at 0 for dashboards and alerts
            meters.counter("govcomm.delivery.retries", "channel", channel, "outcome", outcome);
        }
        Gauge.builder("govcomm.delivery.retries.waiting", waiting, AtomicLong::get).tag("channel", channel)
                .description("Deliveries waiting for a retry").register(meters);
        Gauge.builder("govcomm.delivery.retries.oldest.seconds", oldestWaitSeconds, AtomicLong::get)
                .tag("channel", channel).baseUnit("seconds")
                .description("How long the longest-waiting delivery has been retried").register(meters);
    }

    /**
     * Makes a delivery wait for its next try: RETRYING with the reason (one status event, the first time), the
     * next-attempt time on its document. Ignored if the delivery has since moved to another attempt or ended.
     */
    public void schedule(DeliveryRequested request, RetryLater why) {
        Instant now = clock.instant();
        Document doc = mongo.findById(request.deliveryId(), Document.class, AdapterDeliveries.COLLECTION);
        if (doc == null || doc.getInteger("attempt", 1) != request.attempt()) {
            return;
        }
        DeliveryStatus status = DeliveryStatus.valueOf(doc.getString("status"));
        if (status.isTerminal() || status.isAchieved()) {
            return;
        }
        Document retry = doc.get(FIELD, Document.class);
        int count = retry == null ? 1 : retry.getInteger("count", 0) + 1;
        Instant since = retry == null || retry.getDate("since") == null ? now : retry.getDate("since").toInstant();
        Instant deadline = deadline(request, since);
        StatusReports.DeliveryRef ref = StatusReports.DeliveryRef.of(request);
        if (!now.isBefore(deadline)) {
            giveUp(ref, why.reasonCode(), why.reason(), doc);
            return;
        }
        Instant nextAt = now.plus(delay(count, why.notBefore()));
        if (nextAt.isAfter(deadline)) {
            nextAt = deadline;
        }
        Document wait = new Document("nextAt", Date.from(nextAt)).append("count", count)
                .append("since", Date.from(since)).append("deadline", Date.from(deadline))
                .append("reasonCode", why.reasonCode()).append("reason", why.reason());
        boolean reported = status == DeliveryStatus.DISPATCHED
                && deliveries.report(ref, DeliveryStatus.RETRYING, why.reasonCode(), why.reason(), null, null, doc,
                update -> update.set(FIELD, wait));
        if (!reported) {
            // Already RETRYING (or ACCEPTED and waiting to be confirmed): only the wait changes, no new status event.
            mongo.updateFirst(Query.query(Criteria.where("_id").is(request.deliveryId()).and("attempt").is(request.attempt())),
                    new Update().set(FIELD, wait), AdapterDeliveries.COLLECTION);
        }
        meters.counter("govcomm.delivery.retries", "channel", channel, "outcome", "scheduled").increment();
        log.info("Delivery {} attempt {} waits until {} (retry {}, {})", request.deliveryId(), request.attempt(), nextAt,
                count, why.reasonCode());
    }

    /** Looks for due retries once and hands them to the workers; public for tests. */
    public int sweep() {
        Instant now = clock.instant();
        refreshGauges(now);
        Query due = Query.query(Criteria.where(FIELD + ".nextAt").lte(Date.from(now)))
                .with(Sort.by(FIELD + ".nextAt")).limit(settings.batchSize());
        int started = 0;
        for (Document doc : mongo.find(due, Document.class, AdapterDeliveries.COLLECTION)) {
            if (!slots.tryAcquire()) {
                break;
            }
            Date claimedAt = Date.from(now.plus(settings.lease()));
            boolean claimed = mongo.updateFirst(Query.query(Criteria.where("_id").is(doc.getString("_id"))
                            .and(FIELD + ".nextAt").is(doc.get(FIELD, Document.class).getDate("nextAt"))),
                    new Update().set(FIELD + ".nextAt", claimedAt), AdapterDeliveries.COLLECTION).getModifiedCount() == 1;
            if (!claimed) {
                slots.release();
                continue;
            }
            try {
                workers.execute(() -> {
                    try {
                        retry(doc, claimedAt);
                    } finally {
                        slots.release();
                    }
                });
                started++;
            } catch (RejectedExecutionException stopping) {
                slots.release();
                break;
            }
        }
        return started;
    }

    private void retry(Document doc, Date claimedAt) {
        String id = doc.getString("_id");
        Document retry = doc.get(FIELD, Document.class);
        DeliveryStatus status = DeliveryStatus.valueOf(doc.getString("status"));
        DeliveryRequested request;
        try {
            request = json.readValue(doc.get("request", Document.class).toJson(), DeliveryRequested.class);
        } catch (RuntimeException e) {
            log.error("Delivery {} has an unreadable stored request; not retried", id, e);
            clear(id, claimedAt);
            return;
        }
        if (status.isTerminal() || status.isAchieved()
                || !Objects.equals(request.attempt(), doc.getInteger("attempt", 1))) {
            clear(id, claimedAt);
            return;
        }
        Date deadline = retry.getDate("deadline");
        if (deadline != null && !clock.instant().isBefore(deadline.toInstant())) {
            giveUp(StatusReports.DeliveryRef.of(request), retry.getString("reasonCode"), retry.getString("reason"), doc);
            return;
        }
        AdapterDeliveries.Stored stored = new AdapterDeliveries.Stored(id, doc.getInteger("attempt", 1), status,
                doc.getString("externalRef"), doc.get("request", Document.class));
        try {
            adapter.get().redelivered(request, stored);
            meters.counter("govcomm.delivery.retries", "channel", channel, "outcome", "retried").increment();
            if (!stillWaiting(id)) {
                clear(id, claimedAt);
            }
            // else: the adapter neither reported nor asked to wait (work handed to its own threads, or a bug): the
            // claim stays as it is and comes due again after the lease, so no delivery is left waiting forever.
        } catch (RetryLater again) {
            schedule(request, again);
        } catch (RuntimeException e) {
            log.warn("Retry of delivery {} failed unexpectedly; it waits for the next one", id, e);
            schedule(request, new RetryLater(retry.getString("reasonCode"), retry.getString("reason")));
        }
    }

    private void giveUp(StatusReports.DeliveryRef ref, String reasonCode, String reason, Document doc) {
        String why = (reason == null ? "" : reason) + GAVE_UP;
        if (!deliveries.report(ref, DeliveryStatus.FAILED, reasonCode, why, null, null, doc, update -> update.unset(FIELD))) {
            mongo.updateFirst(Query.query(Criteria.where("_id").is(ref.deliveryId())), new Update().unset(FIELD),
                    AdapterDeliveries.COLLECTION);
        }
        meters.counter("govcomm.delivery.retries", "channel", channel, "outcome", "gave-up").increment();
        log.warn("Delivery {} attempt {} gave up retrying at the end of its window ({})", ref.deliveryId(),
                ref.attempt(), reasonCode);
    }

    /** Still where it was before the retry: DISPATCHED or RETRYING (ACCEPTED and beyond wait for the channel, not us). */
    private boolean stillWaiting(String id) {
        Query query = Query.query(Criteria.where("_id").is(id));
        query.fields().include("status");
        Document now = mongo.findOne(query, Document.class, AdapterDeliveries.COLLECTION);
        return now != null && (DeliveryStatus.DISPATCHED.name().equals(now.getString("status"))
                || DeliveryStatus.RETRYING.name().equals(now.getString("status")));
    }

    /** Ends the wait unless a new one was scheduled meanwhile (a new nextAt replaces our claim). */
    private void clear(String id, Date claimedAt) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and(FIELD + ".nextAt").is(claimedAt)),
                new Update().unset(FIELD), AdapterDeliveries.COLLECTION);
    }

    Duration delay(int count, Duration notBefore) {
        double base = settings.firstDelay().toMillis() * Math.pow(settings.multiplier(), Math.max(0, count - 1));
        long capped = (long) Math.min(base, settings.maxDelay().toMillis());
        // "Equal jitter": half fixed, half random, so deliveries that failed together do not come back together.
        long millis = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        if (notBefore != null && notBefore.toMillis() > millis) {
            millis = notBefore.toMillis() + ThreadLocalRandom.current().nextLong(notBefore.toMillis() / 10 + 1);
        }
        return Duration.ofMillis(millis);
    }

    private Instant deadline(DeliveryRequested request, Instant since) {
        Instant fallback = since.plus(settings.maxWait());
        if (request.window() == null || request.window().endsAt() == null) {
            return fallback;
        }
        try {
            return Instant.parse(request.window().endsAt());
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }

    private void refreshGauges(Instant now) {
        if (Duration.between(lastCount, now).compareTo(Duration.ofSeconds(30)) < 0) {
            return;
        }
        lastCount = now;
        Query all = Query.query(Criteria.where(FIELD + ".nextAt").exists(true));
        waiting.set(mongo.count(all, AdapterDeliveries.COLLECTION));
        all.fields().include(FIELD + ".since");
        List<Document> oldest = mongo.find(all.with(Sort.by(FIELD + ".since")).limit(1), Document.class,
                AdapterDeliveries.COLLECTION);
        oldestWaitSeconds.set(oldest.isEmpty() ? 0
                : Duration.between(oldest.getFirst().get(FIELD, Document.class).getDate("since").toInstant(), now).toSeconds());
    }

    @Override
    public void start() {
        workers = Executors.newFixedThreadPool(settings.concurrency(), Thread.ofPlatform().name("delivery-retry-", 0).daemon().factory());
        sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("delivery-retry-sweep").daemon().factory());
        sweeper.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                log.warn("Delivery retry sweep failed: {}", e.toString());
            }
        }, settings.pollInterval().toMillis(), settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (sweeper != null) {
            sweeper.shutdownNow();
            workers.shutdown();
            try {
                workers.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sweeper = null;
        }
    }

    @Override
    public boolean isRunning() {
        return sweeper != null;
    }
}
