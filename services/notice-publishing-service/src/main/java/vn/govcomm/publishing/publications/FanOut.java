package vn.govcomm.publishing.publications;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import vn.govcomm.publishing.deliveries.Deliveries;
import vn.govcomm.publishing.deliveries.Rendering;
import vn.govcomm.publishing.directory.AgencyReplica;
import vn.govcomm.publishing.dispatch.BulkDispatcher;

import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * Expands a publication into deliveries: targets in batches from {@code expandedTargets}; per batch the agencies
 * are looked up, the deliveries planned and their DeliveryRequested handed to the batching producer, and the
 * {@link FanOutPipeline} records the batch once Kafka acknowledged it. Nothing is written before the send: the
 * progress cursor is the fan-out's outbox. A crash anywhere redoes from the recorded progress: batch boundaries
 * depend only on the start, delivery ids and ce_ids are deterministic, so the redo records nothing twice and
 * adapters recognise the redelivered requests.
 */
@Service
class FanOut {

    private static final Logger log = LoggerFactory.getLogger(FanOut.class);

    private final Publications publications;
    private final AgencyReplica agencies;
    private final Deliveries deliveries;
    private final BulkDispatcher dispatcher;
    private final Retractions retractions;
    private final Leases leases;
    private final PublishingProperties properties;
    private final FanOutPhases phases;
    /** Records batches beside the workers' planning (one recording at a time per worker). */
    private final ExecutorService recorders;

    FanOut(Publications publications, AgencyReplica agencies, Deliveries deliveries, BulkDispatcher dispatcher,
           Retractions retractions, Leases leases, PublishingProperties properties, MeterRegistry meters) {
        this.publications = publications;
        this.agencies = agencies;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.retractions = retractions;
        this.leases = leases;
        this.properties = properties;
        this.phases = new FanOutPhases(meters);
        this.recorders = Executors.newFixedThreadPool(properties.workers(),
                Thread.ofPlatform().name("publication-recorder-", 0).daemon().factory());
    }

    /** Expands a publication this instance holds in EXPANDING, as far as it can go now. */
    Leases.Outcome expand(Document publication) {
        FanOutPipeline pipeline = new FanOutPipeline(publication.get("_id"), recorders, deliveries, leases, phases,
                properties.ackTimeout());
        Leases.Outcome outcome;
        try {
            outcome = feed(publication, pipeline);
        } catch (RuntimeException e) {
            pipeline.abandon(); // no recorder still heart-beating once the lease is let go
            throw e;
        }
        switch (outcome) {
            case LET_GO -> pipeline.letGo(); // what went out is recorded, so a retraction pass covers it
            case DONE -> {
                leases.finish(publication.get("_id"), PublicationState.EXPANDING, new Update()
                        .set("state", PublicationState.EXPANDED.name()).set("expandedAt", Date.from(publications.now())));
                log.info("Expanded publication {} into deliveries", publication.get("_id"));
            }
            case RETRY_SOON -> {
                // everything handed to the producer is recorded; resumed from there
            }
        }
        return outcome;
    }

    /** Hands batch after batch to the producer and the pipeline; says how the turn ended. */
    private Leases.Outcome feed(Document publication, FanOutPipeline pipeline) {
        Document campaign = publications.campaign(publication);
        List<Document> targets = campaign.getList("targets", Document.class);
        Rendering.Renderer renderer = Rendering.forNotice(campaign.get("notice", Document.class));
        if (publication.getInteger("version", 1) > 1) {
            retractions.supersedeOlder(publication.getString("campaignId"), publication.getInteger("version"));
        }
        int start = publication.getInteger("expandedTargets", 0);
        while (start < targets.size()) {
            if (leases.stopping()) {
                return Leases.Outcome.LET_GO;
            }
            int end = properties.batchEnd(start, targets.size());
            long l0 = System.nanoTime();
            List<Document> batch = targets.subList(start, end);
            List<String> agencyIds = batch.stream().map(t -> t.getString("agencyId")).toList();
            Map<String, Document> directory = agencies.agencies(agencyIds).stream()
                    .collect(Collectors.toMap(d -> d.getString("_id"), d -> d));
            if (directory.values().stream().anyMatch(d -> d.getString("successorId") != null)) {
                // Merged or renamed targets are addressed to their successors (AgencySuccessions re-addresses what
                // went out before the directory said so).
                batch = AgencySuccessions.attributed(batch, agencies.successors(agencyIds));
                agencyIds = batch.stream().map(t -> t.getString("agencyId")).toList();
                List<String> successors = agencyIds.stream().filter(a -> !directory.containsKey(a)).toList();
                if (!successors.isEmpty()) {
                    agencies.agencies(successors).forEach(d -> directory.put(d.getString("_id"), d));
                }
            }
            List<String> missing = agencyIds.stream().filter(a -> !directory.containsKey(a)).toList();
            if (!missing.isEmpty() && publications.now().isBefore(
                    publication.getDate("publishAt").toInstant().plus(properties.directoryGrace()))) {
                // The directory replica may still be catching up (it arrives on its own topic): come back shortly.
                return pipeline.drain() ? Leases.Outcome.RETRY_SOON : Leases.Outcome.LET_GO;
            }
            long t0 = System.nanoTime();
            List<Deliveries.Planned> planned = deliveries.plan(campaign, renderer, batch, directory,
                    publications.now());
            long t1 = System.nanoTime();
            BulkDispatcher.InFlight inFlight = dispatcher.send(planned.stream().map(Deliveries.Planned::event).toList());
            if (!pipeline.push(new FanOutPipeline.Batch(start, end, planned, missing, inFlight, t0 - l0, t1 - t0))) {
                return Leases.Outcome.LET_GO;
            }
            start = end;
        }
        return pipeline.drain() ? Leases.Outcome.DONE : Leases.Outcome.LET_GO;
    }

    @PreDestroy
    void shutdown() {
        recorders.shutdown(); // after the scheduler's workers (which depend on this bean) have finished
    }
}
