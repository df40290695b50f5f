package vn.govcomm.facebook.pages;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.contracts.events.DeliveryRetracted;
import vn.govcomm.facebook.credentials.PageCredentials;
import vn.govcomm.facebook.graph.AdapterStopping;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.ChannelAdapter;
import vn.govcomm.kit.delivery.DeliveryRequestDispatcher;
import vn.govcomm.kit.delivery.DeliveryRetries;
import vn.govcomm.kit.delivery.RequestFailed;
import vn.govcomm.kit.delivery.RetryLater;
import vn.govcomm.kit.kafka.BatchListeners;
import vn.govcomm.kit.store.ManyIds;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The Facebook channel adapter: publishes deliveries on Pages ({@link PostWorkflow}), retracts them
 * ({@link PostCleanup}). The Kafka listener does not call Facebook: it hands each request to its Page's lane
 * ({@link PageLanes}) and returns, so one slow or throttled Page never holds up the others, while each Page's
 * deliveries stay in order. Handing off is safe because the work is leased in the store first: the kit's dispatcher
 * has recorded the request (insert-first) before {@link #publish} is called, and {@link #hold} puts a lease on it in
 * the kit's retry field ({@code retry.nextAt}, {@code held: true}), renewed while the task waits. If this instance
 * dies, the lease runs out and the kit's retry sweeper calls {@link #redelivered}, which queues the same work again —
 * every step resumes from what the store says. The sweeper's own retries go through the lanes too, so a Page's work
 * never runs twice at once here.
 */
@Component
class PagePublisher implements ChannelAdapter {

    private static final Logger log = LoggerFactory.getLogger(PagePublisher.class);
    static final String QUEUED = "FB_QUEUED";
    private static final ThreadLocal<Boolean> LISTENER = new ThreadLocal<>();

    private final PostWorkflow workflow;
    private final PostCleanup cleanup;
    private final PageLanes lanes;
    private final PostAttempts attempts;
    private final PageCredentials credentials;
    private final DeliveryRetries retries;
    private final DeliveryRequestDispatcher dispatcher;
    private final MongoTemplate mongo;
    private final Duration lease;
    private final Clock clock = Clock.systemUTC();

    PagePublisher(PostWorkflow workflow, PostCleanup cleanup, PageLanes lanes, PostAttempts attempts,
                  PageCredentials credentials, DeliveryRetries retries, DeliveryRequestDispatcher dispatcher,
                  MongoTemplate mongo,
                  @Value("${govcomm.delivery.retry.lease:2m}") Duration lease) {
        this.workflow = workflow;
        this.cleanup = cleanup;
        this.lanes = lanes;
        this.attempts = attempts;
        this.credentials = credentials;
        this.retries = retries;
        this.dispatcher = dispatcher;
        this.mongo = mongo;
        this.lease = lease;
    }

    // A poll at a time (the kit's batch intake: one bulk insert of the requests, then publishAll).
    @KafkaListener(topics = ChannelAdapter.REQUESTS_TOPIC, groupId = "facebook-adapter",
            containerFactory = BatchListeners.FACTORY)
    void on(List<ConsumerRecord<String, byte[]>> records) {
        LISTENER.set(Boolean.TRUE);
        try {
            dispatcher.dispatch(records, this);
        } finally {
            LISTENER.remove();
        }
    }

    /** A new delivery (or a new attempt): leased, then queued in its Page's lane. */
    @Override
    public void publish(DeliveryRequested request) {
        queue(request, hold(request, null));
    }

    /**
     * The new deliveries of a poll: leased with one bulk write (instead of one write each), their Pages' credentials
     * read in one (for the turns to reuse, {@link PageCredentials#prefetch}), then queued in their Pages' lanes in
     * record order, where each Page's guard keeps its calls within its own and the app's limits. The turns
     * skip their reads only when every lease of the bulk was written ({@link #hold}'s "fresh"; the bulk does not say
     * which one was not). A delivery the lanes refuse (stopping) is named: the ones before it are queued, the ones
     * after it are leased and come again as redeliveries, which queue them.
     */
    @Override
    public void publishAll(List<DeliveryRequested> requests, Waits waits) {
        boolean fresh = holdAll(requests);
        try {
            credentials.prefetch(requests.stream().map(DeliveryRequested::externalId).toList());
        } catch (RuntimeException e) {
            log.debug("Credentials of a poll's Pages not read ahead ({}); each turn reads its Page", e.toString());
        }
        for (DeliveryRequested request : requests) {
            try {
                queue(request, fresh);
            } catch (RuntimeException e) {
                throw new RequestFailed(request.deliveryId(), e);
            }
        }
    }

    /**
     * The same attempt again: a Kafka redelivery (the listener), or the kit's retry sweeper when a wait (or a lease of
     * a dead instance) is due. Queued like a new delivery; the workflow finishes what is left. A Kafka redelivery of a
     * delivery that already waits durably is left to the sweeper.
     */
    @Override
    public void redelivered(DeliveryRequested request, AdapterDeliveries.Stored stored) {
        if (stored.attempt() != request.attempt() || stored.status().isTerminal() || stored.status().isAchieved()) {
            return;
        }
        Document doc = mongo.findById(request.deliveryId(), Document.class, AdapterDeliveries.COLLECTION);
        if (doc == null) {
            return;
        }
        Document retry = doc.get(DeliveryRetries.FIELD, Document.class);
        if (onListener() && retry != null && !retry.getBoolean("held", false)) {
            return;
        }
        hold(request, doc);
        queue(request, false);
    }

    @Override
    public void retract(DeliveryRetracted retraction) {
        cleanup.retract(retraction);
    }

    /** @param fresh just recorded by the kit and leased here: the turn need not read the store (see PostWorkflow) */
    private void queue(DeliveryRequested request, boolean fresh) {
        boolean listener = onListener();
        boolean queued = lanes.submit(new PageLanes.Task(PageLanes.Kind.DELIVERY, request.externalId(),
                request.deliveryId(), () -> run(request, fresh)), listener);
        if (queued) {
            return;
        }
        if (listener) {
            throw new AdapterStopping(); // not committed: the record comes back to the next instance
        }
        throw new RetryLater(QUEUED, "Hệ thống đang bận gửi cho nhiều Trang; bài sẽ được gửi sau ít phút. / Many"
                + " Pages are being served; the delivery is sent in a few minutes.", Duration.ofSeconds(30));
    }

    /** One delivery's turn in its lane. */
    private void run(DeliveryRequested request, boolean fresh) {
        try {
            if (!workflow.deliver(request, fresh)) {
                release(request.deliveryId()); // PUBLISHED and FAILED let the lease go in their own write
            }
        } catch (RetryLater later) {
            retries.schedule(request, later);
        } catch (AdapterStopping e) {
            log.info("Delivery {} abandoned while stopping; its lease brings it back", request.deliveryId());
        } catch (RuntimeException e) {
            if (!lanes.isRunning()) {
                return;
            }
            log.warn("Delivery {} failed unexpectedly; it waits for a retry", request.deliveryId(), e);
            try {
                retries.schedule(request, new RetryLater("FB_ERROR", "Lỗi tạm thời khi gửi lên Facebook; hệ thống sẽ"
                        + " tự thử lại. / A temporary error occurred; retrying automatically."));
            } catch (RuntimeException storeDown) {
                log.warn("Delivery {}: could not schedule its retry ({}); its lease brings it back",
                        request.deliveryId(), storeDown.toString());
            }
        }
    }

    /**
     * Leases the delivery for its turn in the lane, in the kit's retry field so that the kit's sweeper takes it up if
     * this instance dies: a new wait ({@code count} 0, no deadline) or, over an existing wait, a later {@code nextAt}
     * that keeps its count, start and deadline (the kit's own claim of that wait is then not cleared under us).
     * Returns true when a new wait was written over a delivery without one: what the kit's accept has just recorded,
     * which the lane's turn then need not read again.
     */
    private boolean hold(DeliveryRequested request, Document doc) {
        Instant now = clock.instant();
        Instant leaseUntil = now.plus(lease);
        Document retry = doc == null ? null : doc.get(DeliveryRetries.FIELD, Document.class);
        if (retry == null) {
            return mongo.updateFirst(Query.query(Criteria.where("_id").is(request.deliveryId()).and("attempt").is(request.attempt())
                            .and(DeliveryRetries.FIELD).exists(false)),
                    new Update().set(DeliveryRetries.FIELD, lease(now)), AdapterDeliveries.COLLECTION).getModifiedCount() == 1;
        }
        Date current = retry.getDate("nextAt");
        Date next = current != null && !current.toInstant().isBefore(leaseUntil)
                ? new Date(current.getTime() + 1) : Date.from(leaseUntil);
        mongo.updateFirst(Query.query(Criteria.where("_id").is(request.deliveryId())
                        .and(DeliveryRetries.FIELD + ".nextAt").is(current)),
                new Update().set(DeliveryRetries.FIELD + ".nextAt", next).set(DeliveryRetries.FIELD + ".held", true),
                AdapterDeliveries.COLLECTION);
        return false;
    }

    /** {@link #hold} of new deliveries (without a wait) in one bulk; true when every lease was written. */
    private boolean holdAll(List<DeliveryRequested> requests) {
        Instant now = clock.instant();
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, AdapterDeliveries.COLLECTION);
        for (DeliveryRequested request : requests) {
            bulk.updateOne(Query.query(Criteria.where("_id").is(request.deliveryId()).and("attempt").is(request.attempt())
                    .and(DeliveryRetries.FIELD).exists(false)), new Update().set(DeliveryRetries.FIELD, lease(now)));
        }
        return bulk.execute().getModifiedCount() == requests.size();
    }

    /** A new wait that leases the delivery for its turn in the lane ({@code count} 0, no deadline). */
    private Document lease(Instant now) {
        return new Document("nextAt", Date.from(now.plus(lease))).append("count", 0)
                .append("since", Date.from(now)).append("reasonCode", QUEUED)
                .append("reason", "Đang chờ đến lượt gửi lên Trang. / Waiting for its turn on the Page.")
                .append("held", true);
    }

    /** The lane's turn ended without a new wait: the lease goes (a wait scheduled meanwhile has no {@code held}). */
    private void release(String deliveryId) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(deliveryId).and(DeliveryRetries.FIELD + ".held").is(true)),
                new Update().unset(DeliveryRetries.FIELD), AdapterDeliveries.COLLECTION);
    }

    /** Pushes the leases of what waits in the lanes, well before they run out. */
    @Scheduled(fixedDelayString = "${govcomm.facebook.lanes.renew-every:20s}")
    void renewLeases() {
        Instant leaseUntil = clock.instant().plus(lease);
        ManyIds.updateMulti(mongo, AdapterDeliveries.COLLECTION, lanes.pendingDeliveries(PageLanes.Kind.DELIVERY),
                Criteria.where(DeliveryRetries.FIELD + ".held").is(true),
                new Update().set(DeliveryRetries.FIELD + ".nextAt", Date.from(leaseUntil)));
        attempts.renewCleanups(lanes.pendingDeliveries(PageLanes.Kind.CLEANUP), leaseUntil);
    }

    private static boolean onListener() {
        return Boolean.TRUE.equals(LISTENER.get());
    }
}
