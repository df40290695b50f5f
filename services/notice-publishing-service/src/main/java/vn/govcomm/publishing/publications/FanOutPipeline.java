package vn.govcomm.publishing.publications;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Update;
import vn.govcomm.publishing.deliveries.Deliveries;
import vn.govcomm.publishing.dispatch.BulkDispatcher;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The batches of one expansion between the producer and the store. While the worker looks up and plans batch N+1
 * and hands it to the producer, a recorder thread waits for batch N's acknowledgements and records it: inserts its
 * deliveries as DISPATCHED and moves the progress from the batch's start to its end, under lease. Batches are
 * recorded one at a time and in order, so progress only moves forward; at most three are in memory (one being
 * planned, one on the wire, one being recorded).
 */
final class FanOutPipeline {

    private static final Logger log = LoggerFactory.getLogger(FanOutPipeline.class);

    /** A batch of targets handed to the producer, not yet recorded. */
    record Batch(int start, int end, List<Deliveries.Planned> planned, List<String> missing,
                 BulkDispatcher.InFlight inFlight, long lookupNanos, long planNanos) {
    }

    private final Object publicationId;
    private final Executor recorders;
    private final Deliveries deliveries;
    private final Leases leases;
    private final FanOutPhases phases;
    private final Duration ackTimeout;
    private CompletableFuture<Boolean> recording = CompletableFuture.completedFuture(true);
    /** Handed to the producer, its recording not started yet. */
    private Batch sent;
    /** Handed to the producer after the publication was lost: recorded only by {@link #letGo}. */
    private Batch refused;

    FanOutPipeline(Object publicationId, Executor recorders, Deliveries deliveries, Leases leases, FanOutPhases phases,
                   Duration ackTimeout) {
        this.publicationId = publicationId;
        this.recorders = recorders;
        this.deliveries = deliveries;
        this.leases = leases;
        this.phases = phases;
        this.ackTimeout = ackTimeout;
    }

    /**
     * Takes a batch the producer has just been given and starts recording the one before it. False if the
     * publication was cancelled or taken over while that one was recorded: the caller lets go.
     */
    boolean push(Batch next) {
        if (!recorded()) {
            refused = next;
            return false;
        }
        if (sent != null) {
            Batch toRecord = sent;
            recording = CompletableFuture.supplyAsync(() -> record(toRecord), recorders);
        }
        sent = next;
        return true;
    }

    /** Records every batch handed over; false if the publication was cancelled or taken over meanwhile. */
    boolean drain() {
        if (!recorded()) {
            return false;
        }
        Batch last = sent;
        sent = null;
        return last == null || record(last); // recorded either way; false = no longer ours
    }

    /**
     * Before letting go of the publication mid-expansion (cancelled, superseded, taken over, shutting down): waits
     * for the batch being recorded, lets the batches already handed to the producer reach the broker and records
     * their deliveries (without moving the progress). Then a retraction sent next (same topic and key) is ordered
     * after their requests, and a cancellation's retraction pass, which pages through the recorded deliveries,
     * covers them too; a resumed expansion leaves the existing records alone.
     */
    void letGo() {
        abandon();
        for (Batch batch : Arrays.asList(sent, refused)) {
            if (batch == null || batch.planned().isEmpty()) {
                continue;
            }
            Instant acknowledged;
            try {
                batch.inFlight().await(ackTimeout);
                acknowledged = batch.inFlight().acknowledgedAt();
            } catch (BulkDispatcher.DispatchFailedException e) {
                log.warn("A batch sent before letting go was not acknowledged: {}", e.getMessage());
                acknowledged = Instant.now(); // may have reached the broker: recorded so a retraction covers it
            }
            deliveries.recordDispatched(batch.planned(), acknowledged);
        }
        sent = null;
        refused = null;
    }

    /** After a failure: waits for the recorder only, so none is still heart-beating once the lease is let go. */
    void abandon() {
        recording.exceptionally(failure -> false).join();
    }

    /** Waits for the batch being recorded; false if the publication was cancelled or taken over meanwhile. */
    private boolean recorded() {
        try {
            return recording.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /**
     * Waits for the batch's acknowledgements, records its deliveries as DISPATCHED and moves the progress from its
     * start to its end. False if the publication was cancelled or taken over meanwhile. A refused or
     * unacknowledged batch throws: the publication is resumed from the recorded progress.
     */
    private boolean record(Batch batch) {
        long t0 = System.nanoTime();
        batch.inFlight().await(ackTimeout);
        long t1 = System.nanoTime();
        deliveries.recordDispatched(batch.planned(), batch.inFlight().acknowledgedAt());
        long t2 = System.nanoTime();
        phases.record(batch.lookupNanos(), batch.planNanos(), t1 - t0, t2 - t1);
        Update progress = new Update();
        if (!batch.missing().isEmpty()) {
            log.warn("Publication {}: agencies {} are not in the directory; no deliveries for them", publicationId, batch.missing());
            progress.addToSet("missingAgencies").each(batch.missing().toArray());
        }
        Date acked = Date.from(batch.inFlight().acknowledgedAt());
        progress.set("expandedTargets", batch.end()).inc("deliveries", batch.planned().size())
                .inc("dispatched", batch.planned().size())
                .addToSet("expandedBy", leases.owner());
        if (!batch.planned().isEmpty()) {
            progress.min("firstDispatchAt", acked).set("lastDispatchAt", acked);
        }
        boolean moved = leases.heartbeat(publicationId, PublicationState.EXPANDING,
                Criteria.where("expandedTargets").is(batch.start()), progress);
        phases.progress(System.nanoTime() - t2);
        if (!moved) {
            log.info("Publication {} was cancelled or taken over during expansion; stopping", publicationId);
        }
        return moved;
    }
}
