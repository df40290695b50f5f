package vn.govcomm.publishing.publications;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import vn.govcomm.contracts.Channels;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.events.OutgoingEvent;
import vn.govcomm.publishing.deliveries.Deliveries;
import vn.govcomm.publishing.directory.AgencyReplica;
import vn.govcomm.publishing.dispatch.BulkDispatcher;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Publications: one per (campaign, approved notice version), with a small state machine:
 * <pre>
 * SCHEDULED --publishAt--> EXPANDING --all targets--> EXPANDED --window end--> CLOSING --> CLOSED
 *     any of these --CampaignCancelled--> CANCELLING --> CANCELLED
 * </pre>
 * Every instance runs the scheduler; work is claimed with a lease (findAndModify on the publication), so exactly
 * one instance works on a publication at a time, and a crashed instance's work is taken over when its lease
 * runs out. All work resumes from progress stored on the publication (targets expanded, last delivery id
 * retracted) and is idempotent (deterministic delivery ids and ce_ids), so a restart neither misses nor repeats.
 */
@Service
public class Publications {

    private static final Logger log = LoggerFactory.getLogger(Publications.class);
    static final String COLLECTION = "publications";
    /**
     * The scheduled campaign (notice, targets: ~100 bytes per target) lives beside its publication, not in it: the
     * publication document is rewritten with every batch heartbeat and read by every claim and progress poll,
     * so it stays a few hundred bytes however many agencies a campaign targets.
     */
    static final String CAMPAIGNS = "publication_campaigns";
    static final List<String> LEASED_STATES = List.of("EXPANDING", "CANCELLING", "CLOSING", "SUPERSEDING");

    private final MongoTemplate mongo;
    private final AgencyReplica agencies;
    private final Deliveries deliveries;
    private final BulkDispatcher dispatcher;
    private final PublishingProperties properties;
    private final Clock clock = Clock.systemUTC();
    private final String instanceId = UUID.randomUUID().toString();
    private volatile boolean stopping;
    private final FanOutPhases phases;
    private final ExecutorService workers;
    /** Records fan-out batches beside the workers' planning (one recording at a time per worker). */
    private final ExecutorService recorders;
    private final Semaphore freeWorkers;
    private final Set<Object> inFlight = ConcurrentHashMap.newKeySet();

    Publications(MongoTemplate mongo, AgencyReplica agencies, Deliveries deliveries, BulkDispatcher dispatcher,
                 PublishingProperties properties, MeterRegistry meters) {
        this.phases = new FanOutPhases(meters);
        this.workers = Executors.newFixedThreadPool(properties.workers(),
                Thread.ofPlatform().name("publication-worker-", 0).daemon().factory());
        this.recorders = Executors.newFixedThreadPool(properties.workers(),
                Thread.ofPlatform().name("publication-recorder-", 0).daemon().factory());
        this.freeWorkers = new Semaphore(properties.workers());
        this.mongo = mongo;
        this.agencies = agencies;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.properties = properties;
    }

    public String instanceId() {
        return instanceId;
    }

    /** Records a scheduled campaign; redelivered events are recognised by the publication id. */
    public void schedule(Document scheduled, String eventId) {
        String campaignId = scheduled.getString("campaignId");
        int version = scheduled.getInteger("version");
        Document publication = new Document("_id", campaignId + ":v" + version)
                .append("campaignId", campaignId)
                .append("version", version)
                // who issued it, on the small document: every API call is scoped by it (see issuingAgency)
                .append("issuingAgencyId", scheduled.getString("issuingAgencyId"))
                .append("state", "SCHEDULED")
                // publishAt carries its offset (+07:00 for Asia/Ho_Chi_Minh); stored as the instant it denotes
                .append("publishAt", Date.from(OffsetDateTime.parse(scheduled.getString("publishAt")).toInstant()))
                .append("windowEndsAt", Date.from(OffsetDateTime.parse(
                        scheduled.get("window", Document.class).getString("endsAt")).toInstant()))
                .append("targets", scheduled.getList("targets", Document.class).size())
                .append("expandedTargets", 0)
                .append("deliveries", 0)
                .append("dispatched", 0)
                .append("retracted", 0)
                .append("leaseUntil", new Date(0))
                .append("scheduledEventId", eventId);
        try {
            // the campaign first: a publication never exists without it (a redelivery finds both or re-inserts)
            mongo.insert(new Document("_id", publication.get("_id")).append("campaign", scheduled), CAMPAIGNS);
        } catch (DuplicateKeyException duplicate) {
            // already known: a redelivery of the same CampaignScheduled
        }
        try {
            mongo.insert(publication, COLLECTION);
            log.info("Scheduled publication {} at {}", publication.get("_id"), scheduled.getString("publishAt"));
        } catch (DuplicateKeyException duplicate) {
            // already known: a redelivery of the same CampaignScheduled
        }
        // An older version that has not gone out yet never will: the re-approved version replaces it.
        long dropped = mongo.updateMulti(Query.query(Criteria.where("campaignId").is(campaignId).and("version").lt(version)
                        .and("state").is("SCHEDULED")),
                new Update().set("state", "SUPERSEDED").set("supersededAt", Date.from(clock.instant()))
                        .set("supersededBy", version), COLLECTION).getModifiedCount();
        if (dropped > 0) {
            log.info("Publication {}: {} older scheduled version(s) superseded before going out", publication.get("_id"), dropped);
        }
    }

    /**
     * When a newer notice version starts going out, the older versions that went out are retracted with reason
     * SUPERSEDED (their deliveries become CANCELLED): the channels end up showing only the approved version.
     * Like {@link #cancel}, a worker still expanding an older version notices at its next heartbeat and lets go.
     * Idempotent: only publications still in a state listed here move.
     */
    void supersedeOlder(String campaignId, int version) {
        Date now = Date.from(clock.instant());
        Criteria older = Criteria.where("campaignId").is(campaignId).and("version").lt(version);
        mongo.updateMulti(Query.query(older).addCriteria(Criteria.where("state").is("SCHEDULED")),
                new Update().set("state", "SUPERSEDED").set("supersededAt", now).set("supersededBy", version), COLLECTION);
        mongo.updateMulti(Query.query(Criteria.where("campaignId").is(campaignId).and("version").lt(version).and("state").is("EXPANDED")),
                new Update().set("state", "SUPERSEDING").set("supersedeCursor", "").set("supersededBy", version)
                        .set("leaseUntil", new Date(0)), COLLECTION);
        mongo.updateMulti(Query.query(Criteria.where("campaignId").is(campaignId).and("version").lt(version).and("state").is("EXPANDING")),
                new Update().set("state", "SUPERSEDING").set("supersedeCursor", "").set("supersededBy", version), COLLECTION);
    }

    /**
     * Stops a campaign: whatever the publication is doing, it becomes CANCELLING and its deliveries are
     * retracted. A publication being worked on keeps its lease; its worker notices at its next heartbeat and
     * lets go, so the retraction starts after the last request was sent (same topic and key: ordered after it).
     */
    void cancel(String campaignId) {
        Date now = Date.from(clock.instant());
        mongo.updateMulti(Query.query(Criteria.where("campaignId").is(campaignId).and("state").in("SCHEDULED", "EXPANDED", "CLOSED")),
                new Update().set("state", "CANCELLING").set("cancelRequestedAt", now).set("cancelCursor", "")
                        .set("leaseUntil", new Date(0)), COLLECTION);
        mongo.updateMulti(Query.query(Criteria.where("campaignId").is(campaignId).and("state").in("EXPANDING", "CLOSING")),
                new Update().set("state", "CANCELLING").set("cancelRequestedAt", now).set("cancelCursor", ""), COLLECTION);
    }

    @EventListener(ContextClosedEvent.class)
    void stopping() {
        stopping = true;
    }

    /**
     * Claims due work while a worker is free and hands it over; runs on every instance, the lease decides who
     * works on what. Several workers, so a small campaign falling due is not stuck behind a large fan-out.
     */
    @Scheduled(fixedDelayString = "${govcomm.publishing.scheduler-interval:250ms}")
    public void publishDue() {
        while (!stopping && freeWorkers.tryAcquire()) {
            Document claimed;
            try {
                claimed = claimNext();
            } catch (RuntimeException e) {
                freeWorkers.release();
                throw e;
            }
            if (claimed == null) {
                freeWorkers.release();
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
                }
            });
        }
    }

    @PreDestroy
    void shutdownWorkers() throws InterruptedException {
        stopping = true;
        workers.shutdown();
        if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
            workers.shutdownNow();
        }
        recorders.shutdown();
    }

    private Document claimNext() {
        Instant now = clock.instant();
        Date leaseUntil = Date.from(now.plus(properties.lease()));
        Document claimed = claim(Criteria.where("state").is("SCHEDULED").and("publishAt").lte(Date.from(now)),
                new Update().set("state", "EXPANDING").set("expandingSince", Date.from(now)), leaseUntil);
        if (claimed == null) {
            claimed = claim(Criteria.where("state").in(LEASED_STATES).and("leaseUntil").lt(Date.from(now)), new Update(), leaseUntil);
        }
        if (claimed == null) {
            claimed = claim(Criteria.where("state").is("EXPANDED").and("windowEndsAt").lte(Date.from(now)),
                    new Update().set("state", "CLOSING").set("closeCursor", ""), leaseUntil);
        }
        return claimed;
    }

    private Document claim(Criteria due, Update update, Date leaseUntil) {
        update.set("leaseOwner", instanceId).set("leaseUntil", leaseUntil);
        return mongo.findAndModify(Query.query(due).with(Sort.by("publishAt")), update,
                FindAndModifyOptions.options().returnNew(true), Document.class, COLLECTION);
    }

    private void work(Document publication) {
        String state = publication.getString("state");
        try {
            switch (state) {
                case "EXPANDING" -> expand(publication);
                case "CANCELLING" -> retract(publication, "CANCELLING", "cancelCursor", "CAMPAIGN_CANCELLED", "CANCELLED");
                case "CLOSING" -> retract(publication, "CLOSING", "closeCursor", "WINDOW_ENDED", "CLOSED");
                case "SUPERSEDING" -> retract(publication, "SUPERSEDING", "supersedeCursor", "SUPERSEDED", "SUPERSEDED");
                default -> log.warn("Claimed publication {} in unexpected state {}", publication.get("_id"), state);
            }
        } catch (RuntimeException e) {
            log.warn("Publication {} ({}): {}; will be resumed", publication.get("_id"), state, e.toString());
            releaseLease(publication, clock.instant().plusSeconds(1));
        }
    }

    /**
     * Expands targets in batches from {@code expandedTargets}: per batch, the deliveries are planned and their
     * DeliveryRequested handed to the batching producer; once Kafka acknowledged all of them they are inserted as
     * DISPATCHED and the progress moves on, in one guarded update. Pipelined over two threads: while this worker
     * looks up and plans batch N+1 and hands it to the producer, a recorder thread waits for batch N's
     * acknowledgements and records it (batches are recorded one at a time, in order, so progress only moves
     * forward). At most three batches are in memory: one being planned, one on the wire, one being recorded.
     * A crash anywhere redoes from the recorded progress: same delivery ids, same ce_ids (adapters recognise a
     * redelivered request).
     */
    private void expand(Document publication) {
        Object id = publication.get("_id");
        Document campaign = campaign(publication);
        List<Document> targets = campaign.getList("targets", Document.class);
        Rendering.Renderer renderer = Rendering.forNotice(campaign.get("notice", Document.class));
        int start = publication.getInteger("expandedTargets", 0);
        if (publication.getInteger("version", 1) > 1) {
            supersedeOlder(publication.getString("campaignId"), publication.getInteger("version"));
        }
        CompletableFuture<Boolean> recording = CompletableFuture.completedFuture(true);
        Batch sent = null;
        try {
            while (start < targets.size()) {
                if (stopping) {
                    letGo(recording, sent);
                    releaseLease(publication, clock.instant());
                    return;
                }
                int end = properties.batchEnd(start, targets.size());
                List<Document> batch = targets.subList(start, end);
                long l0 = System.nanoTime();
                Map<String, Document> directory = agencies.agencies(batch.stream().map(t -> t.getString("agencyId")).toList())
                        .stream().collect(Collectors.toMap(d -> d.getString("_id"), d -> d));
                List<String> missing = batch.stream().map(t -> t.getString("agencyId")).filter(a -> !directory.containsKey(a)).toList();
                if (!missing.isEmpty() && clock.instant().isBefore(publication.getDate("publishAt").toInstant().plus(properties.directoryGrace()))) {
                    // The directory replica may still be catching up (it arrives on its own topic): come back shortly.
                    if (!recorded(recording)) {
                        letGo(recording, sent);
                        releaseLease(publication, clock.instant());
                        return;
                    }
                    if (sent != null && !record(id, sent)) { // recorded either way; false = no longer ours
                        releaseLease(publication, clock.instant());
                        return;
                    }
                    releaseLease(publication, clock.instant().plusSeconds(1));
                    return;
                }
                long t0 = System.nanoTime();
                List<Deliveries.Planned> planned = deliveries.plan(campaign, renderer, batch, directory, clock.instant());
                long t1 = System.nanoTime();
                BulkDispatcher.InFlight inFlight = dispatcher.send(planned.stream().map(Deliveries.Planned::event).toList());
                Batch next = new Batch(start, end, planned, missing, inFlight, t0 - l0, t1 - t0);
                if (sent != null) {
                    if (!recorded(recording)) {
                        letGo(recording, sent, next);
                        releaseLease(publication, clock.instant());
                        return;
                    }
                    Batch toRecord = sent;
                    recording = CompletableFuture.supplyAsync(() -> record(id, toRecord), recorders);
                }
                sent = next;
                start = end;
            }
            if (!recorded(recording)) {
                letGo(recording, sent);
                releaseLease(publication, clock.instant());
                return;
            }
        } catch (RuntimeException e) {
            recording.exceptionally(failure -> false).join(); // no recorder still heart-beating once we let go
            throw e;
        }
        if (sent != null && !record(id, sent)) {
            releaseLease(publication, clock.instant());
            return;
        }
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("leaseOwner").is(instanceId).and("state").is("EXPANDING")),
                new Update().set("state", "EXPANDED").set("expandedAt", Date.from(clock.instant())).set("leaseUntil", new Date(0)),
                COLLECTION);
        log.info("Expanded publication {} into deliveries", id);
    }

    /** Waits for the batch being recorded; false if the publication was cancelled or taken over meanwhile. */
    private static boolean recorded(CompletableFuture<Boolean> recording) {
        try {
            return recording.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** A batch handed to the producer, not yet recorded. */
    private record Batch(int start, int end, List<Deliveries.Planned> planned, List<String> missing,
                         BulkDispatcher.InFlight inFlight, long lookupNanos, long planNanos) {
    }

    /**
     * Waits for the batch's acknowledgements, records its deliveries as DISPATCHED and moves the progress from
     * its start to its end. False if the publication was cancelled or taken over meanwhile (the caller lets go).
     * A refused or unacknowledged batch throws: the publication is resumed from the recorded progress.
     */
    private boolean record(Object id, Batch batch) {
        long t0 = System.nanoTime();
        batch.inFlight().await(properties.ackTimeout());
        long t1 = System.nanoTime();
        deliveries.recordDispatched(batch.planned(), batch.inFlight().acknowledgedAt());
        long t2 = System.nanoTime();
        phases.record(batch.lookupNanos(), batch.planNanos(), t1 - t0, t2 - t1);
        Update progress = new Update();
        if (!batch.missing().isEmpty()) {
            log.warn("Publication {}: agencies {} are not in the directory; no deliveries for them", id, batch.missing());
            progress.addToSet("missingAgencies").each(batch.missing().toArray());
        }
        Date acked = Date.from(batch.inFlight().acknowledgedAt());
        progress.set("expandedTargets", batch.end()).inc("deliveries", batch.planned().size())
                .inc("dispatched", batch.planned().size())
                .addToSet("expandedBy", instanceId)
                .set("leaseUntil", Date.from(clock.instant().plus(properties.lease())));
        if (!batch.planned().isEmpty()) {
            progress.min("firstDispatchAt", acked).set("lastDispatchAt", acked);
        }
        boolean moved = heartbeat(id, "EXPANDING", Criteria.where("expandedTargets").is(batch.start()), progress);
        phases.progress(System.nanoTime() - t2);
        if (!moved) {
            log.info("Publication {} was cancelled or taken over during expansion; stopping", id);
            return false;
        }
        return true;
    }

    /**
     * Before letting go of a publication mid-expansion (cancelled, superseded, taken over, shutting down): waits
     * for the batch being recorded, lets the batches already handed to the producer reach the broker and records
     * their deliveries (without moving the progress). Then a retraction sent next (same topic and key) is ordered
     * after their requests, and a cancellation's retraction pass, which pages through the recorded deliveries,
     * covers them too; a resumed expansion leaves the existing records alone.
     */
    private void letGo(CompletableFuture<Boolean> recording, Batch... unrecorded) {
        recording.exceptionally(failure -> false).join();
        for (Batch batch : unrecorded) {
            if (batch == null || batch.planned().isEmpty()) {
                continue;
            }
            Instant acknowledged;
            try {
                batch.inFlight().await(properties.ackTimeout());
                acknowledged = batch.inFlight().acknowledgedAt();
            } catch (BulkDispatcher.DispatchFailedException e) {
                log.warn("A batch sent before letting go was not acknowledged: {}", e.getMessage());
                acknowledged = clock.instant(); // may have reached the broker: recorded so a retraction covers it
            }
            deliveries.recordDispatched(batch.planned(), acknowledged);
        }
    }

    /**
     * Retracts a publication's deliveries page by page (id order) from the stored cursor: sends the retractions,
     * waits for Kafka, then marks the page (CANCELLED, or EXPIRED for what was not achieved) and moves the cursor.
     * <ul>
     * <li>CAMPAIGN_CANCELLED: every delivery not already cancelled or expired.</li>
     * <li>WINDOW_ENDED: every delivery not achieved (it becomes EXPIRED), and LED items still in playlists.</li>
     * <li>SUPERSEDED: like CAMPAIGN_CANCELLED, for an older notice version once a newer one goes out.</li>
     * </ul>
     */
    private void retract(Document publication, String state, String cursorField, String reason, String finalState) {
        Object id = publication.get("_id");
        String campaignId = publication.getString("campaignId");
        int version = publication.getInteger("version");
        String cursor = publication.getString(cursorField) != null ? publication.getString(cursorField) : "";
        // CAMPAIGN_CANCELLED and SUPERSEDED take everything off; WINDOW_ENDED only what was not achieved
        boolean cancelling = !"WINDOW_ENDED".equals(reason);
        while (true) {
            if (stopping) {
                releaseLease(publication, clock.instant());
                return;
            }
            List<Document> page = deliveries.page(campaignId, version, cursor, properties.retractionPage());
            if (page.isEmpty()) {
                break;
            }
            Instant now = clock.instant();
            List<OutgoingEvent> retractions = new ArrayList<>();
            Set<String> channels = new TreeSet<>();
            for (Document delivery : page) {
                DeliveryStatus status = DeliveryStatus.valueOf(delivery.getString("status"));
                channels.add(delivery.getString("channel"));
                boolean retract = !Deliveries.offTheChannel(status)
                        && (cancelling || !status.isAchieved() || Channels.LED.equals(delivery.getString("channel")));
                if (retract) {
                    retractions.add(deliveries.retraction(delivery, reason, now));
                }
            }
            dispatcher.sendAll(retractions, properties.ackTimeout());
            String last = page.getLast().getString("_id");
            if (cancelling) {
                deliveries.markCancelled(campaignId, version, cursor, last, channels, reason);
            } else {
                deliveries.markExpired(campaignId, version, cursor, last, channels);
            }
            if (!heartbeat(id, state, Criteria.where(cursorField).is(cursor), new Update().set(cursorField, last)
                    .inc("retracted", retractions.size()).set("leaseUntil", Date.from(clock.instant().plus(properties.lease()))))) {
                log.info("Publication {} changed state while {}; stopping", id, state);
                releaseLease(publication, clock.instant());
                return;
            }
            cursor = last;
        }
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("leaseOwner").is(instanceId).and("state").is(state)),
                new Update().set("state", finalState).set(finalState.toLowerCase(Locale.ROOT) + "At", Date.from(clock.instant()))
                        .set("leaseUntil", new Date(0)), COLLECTION);
        log.info("Publication {} {} ({})", id, finalState, reason);
    }

    /** Records progress if this instance still holds the publication in the expected state. */
    private boolean heartbeat(Object id, String state, Criteria expectedProgress, Update progress) {
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("leaseOwner").is(instanceId).and("state").is(state)
                .andOperator(expectedProgress)), progress, COLLECTION).getModifiedCount() == 1;
    }

    private void releaseLease(Document publication, Instant until) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(publication.get("_id")).and("leaseOwner").is(instanceId)),
                new Update().set("leaseUntil", Date.from(until)), COLLECTION);
    }

    /** The latest publication (highest notice version) of a campaign, or null. */
    public Document progress(String campaignId) {
        return mongo.findOne(Query.query(Criteria.where("campaignId").is(campaignId)).with(Sort.by(Sort.Direction.DESC, "version")),
                Document.class, COLLECTION);
    }

    /** The scheduled campaign a publication sends out (kept in {@value #CAMPAIGNS}). */
    public Document campaign(Document publication) {
        Document embedded = publication.get("campaign", Document.class);
        if (embedded != null) {
            return embedded; // a publication recorded before the campaign moved beside it
        }
        Document stored = mongo.findById(publication.get("_id"), Document.class, CAMPAIGNS);
        if (stored == null) {
            throw new IllegalStateException("Publication " + publication.get("_id") + " has no stored campaign");
        }
        return stored.get("campaign", Document.class);
    }

    /**
     * The agency that issued the campaign a publication sends out, or null if it is not known (then nobody but
     * the machinery sees the publication). Kept on the publication since it is scoped by it; publications recorded
     * before that find it in the stored campaign ({@value #CAMPAIGNS}, read without its notice and targets).
     */
    public String issuingAgency(Document publication) {
        String agency = publication.getString("issuingAgencyId");
        if (agency != null) {
            return agency;
        }
        Document embedded = publication.get("campaign", Document.class);
        if (embedded != null) {
            return embedded.getString("issuingAgencyId");
        }
        Query query = Query.query(Criteria.where("_id").is(publication.get("_id")));
        query.fields().include("campaign.issuingAgencyId");
        Document stored = mongo.findOne(query, Document.class, CAMPAIGNS);
        Document campaign = stored == null ? null : stored.get("campaign", Document.class);
        return campaign == null ? null : campaign.getString("issuingAgencyId");
    }

    /** Now, by the clock the scheduler judges window ends with (re-sends are refused by the same time). */
    public Instant now() {
        return clock.instant();
    }

    /** The publication a delivery belongs to. */
    public Document publication(String campaignId, int version) {
        return mongo.findById(campaignId + ":v" + version, Document.class, COLLECTION);
    }
}
