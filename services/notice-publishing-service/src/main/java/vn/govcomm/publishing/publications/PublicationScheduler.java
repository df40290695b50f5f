package vn.govcomm.publishing.publications;

import jakarta.annotation.PreDestroy;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs on every instance: claims due publications under lease (a due SCHEDULED one starts expanding, an EXPANDED
 * one whose window ended starts closing, a leased one whose lease ran out is taken over) and hands each to a free
 * worker, which expands it ({@link FanOut}) or runs its retraction pass ({@link Retractions}). Several workers, so a
 * small campaign falling due is not stuck behind a large fan-out.
 */
@Service
class PublicationScheduler {

    private static final Logger log = LoggerFactory.getLogger(PublicationScheduler.class);

    private final Publications publications;
    private final Leases leases;
    private final FanOut fanOut;
    private final Retractions retractions;
    private final ExecutorService workers;
    private final Semaphore freeWorkers;
    private final Set<Object> inFlight = ConcurrentHashMap.newKeySet();
    private final long idleNanos;
    /** Until when (System.nanoTime) the scheduler rests after a look that found nothing; 0 = look now. */
    private volatile long idleUntil;

    PublicationScheduler(Publications publications, Leases leases, FanOut fanOut, Retractions retractions,
                         PublishingProperties properties) {
        this.publications = publications;
        this.leases = leases;
        this.fanOut = fanOut;
        this.retractions = retractions;
        this.workers = Executors.newFixedThreadPool(properties.workers(),
                Thread.ofPlatform().name("publication-worker-", 0).daemon().factory());
        this.freeWorkers = new Semaphore(properties.workers());
        this.idleNanos = properties.idleInterval().toNanos();
    }

    /**
     * Something may be due now (a campaign scheduled, cancelled or superseded on this instance, a worker letting a
     * publication go): the next tick looks instead of resting.
     */
    void wake() {
        idleUntil = 0;
    }

    /** Claims due work while a worker is free; the lease decides which instance works on what. */
    @Scheduled(fixedDelayString = "${govcomm.publishing.scheduler-interval:250ms}")
    void publishDue() {
        // Idle, the three claims cost the store 12 commands a second per instance; resting between looks cuts that
        // to 3, and due times are still met within idle-interval (events of this instance wake it at once).
        if (idleUntil != 0 && System.nanoTime() - idleUntil < 0) {
            return;
        }
        idleUntil = 0;
        while (!leases.stopping() && freeWorkers.tryAcquire()) {
            Document claimed;
            try {
                claimed = claimNext();
            } catch (RuntimeException e) {
                freeWorkers.release();
                throw e;
            }
            if (claimed == null) {
                freeWorkers.release();
                if (inFlight.isEmpty()) {
                    idleUntil = System.nanoTime() + idleNanos;
                }
                return;
            }
            Object id = claimed.get("_id");
            if (!inFlight.add(id)) {
                // our own lease ran out while one of our workers is still on it (a slow batch): it keeps going
                freeWorkers.release();
                continue;
            }
            workers.execute(() -> {
                try {
                    work(claimed);
                } finally {
                    inFlight.remove(id);
                    freeWorkers.release();
                    wake(); // what it let go (or the next due publication) is claimed at the next tick
                }
            });
        }
    }

    private Document claimNext() {
        Instant now = publications.now();
        Document claimed = leases.claim(Criteria.where("state").is(PublicationState.SCHEDULED.name())
                        .and("publishAt").lte(Date.from(now)),
                new Update().set("state", PublicationState.EXPANDING.name()).set("expandingSince", Date.from(now)), now);
        if (claimed == null) {
            claimed = leases.claim(Criteria.where("state").in(PublicationState.names(PublicationState::leased))
                    .and("leaseUntil").lt(Date.from(now)), new Update(), now);
        }
        if (claimed == null) {
            claimed = leases.claim(Criteria.where("state").is(PublicationState.EXPANDED.name())
                    .and("windowEndsAt").lte(Date.from(now)), Retractions.closing(), now);
        }
        return claimed;
    }

    /** One turn on a claimed publication; whatever happens, the lease is let go as the outcome says. */
    private void work(Document publication) {
        String stored = publication.getString("state");
        Leases.Outcome outcome;
        try {
            PublicationState state = PublicationState.valueOf(stored);
            outcome = switch (state) {
                case EXPANDING -> fanOut.expand(publication);
                case CANCELLING, CLOSING, SUPERSEDING -> retractions.retract(publication, state);
                case SCHEDULED, EXPANDED, CLOSED, CANCELLED, SUPERSEDED -> {
                    log.warn("Claimed publication {} in unexpected state {}", publication.get("_id"), state);
                    yield Leases.Outcome.DONE;
                }
            };
        } catch (RuntimeException e) {
            log.warn("Publication {} ({}): {}; will be resumed", publication.get("_id"), stored, e.toString());
            outcome = Leases.Outcome.RETRY_SOON;
        }
        leases.release(publication, outcome);
    }

    @PreDestroy
    void shutdown() throws InterruptedException {
        leases.stop();
        workers.shutdown();
        if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
            workers.shutdownNow();
        }
    }
}
