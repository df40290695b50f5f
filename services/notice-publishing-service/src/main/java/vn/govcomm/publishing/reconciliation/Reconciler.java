package vn.govcomm.publishing.reconciliation;

import vn.govcomm.contracts.Channels;
import vn.govcomm.contracts.events.DeliveryRetracted;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import vn.govcomm.kit.events.OutgoingEvent;
import vn.govcomm.publishing.deliveries.Deliveries;
import vn.govcomm.publishing.deliveries.Rendering;
import vn.govcomm.publishing.directory.AgencyReplica;
import vn.govcomm.publishing.dispatch.BulkDispatcher;
import vn.govcomm.publishing.publications.PublicationState;
import vn.govcomm.publishing.publications.Publications;
import vn.govcomm.publishing.publications.PublishingProperties;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * No delivery waits forever for its channel. Every {@code interval}, on every instance, a round pages through the
 * deliveries still DISPATCHED (no status from their adapter) since more than {@code no-answer-after}, counts them
 * per channel ({@code govcomm.deliveries.unanswered}) and re-requests those that are due: the same DeliveryRequested
 * (same delivery id, attempt, ce_id, key and payload) on the channel's request topic, which the adapter takes for a
 * redelivery (it dedupes by delivery id + attempt and only publishes what it never got). That recovers a request
 * lost on its way (retention, a recreated topic, a consumer that skipped it).
 * <p>
 * A delivery is due when it has had no answer for {@code no-answer-after} since its request and since its last
 * re-request, and was re-requested fewer than {@code max-resends} times; then it stays DISPATCHED and counted as
 * unanswered (alert {@code GovcommDeliveriesUnanswered}, board marker "no answer since"). Each re-request is claimed
 * by a compare-and-set on the delivery (status, attempt, reconciliations), so of several instances in the same
 * round exactly one re-sends it; the others count it only.
 * <p>
 * Only deliveries of a publication that is going out (EXPANDING, EXPANDED) and whose window has not ended are
 * re-requested: those of a cancelled, superseded or closing publication are being retracted (CANCELLED / EXPIRED)
 * by its retraction pass. A publication that stops between the check and the send gets a retraction of what was
 * just re-sent, ordered after it (same topic and key), so a re-request never outlives a retraction.
 */
@Service
public class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final Deliveries deliveries;
    private final Publications publications;
    private final AgencyReplica agencies;
    private final BulkDispatcher dispatcher;
    private final PublishingProperties publishing;
    private final ReconcileProperties properties;
    private final MeterRegistry meters;
    private final Map<String, AtomicLong> unanswered = new ConcurrentHashMap<>();
    private final AtomicLong rounds = new AtomicLong();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("delivery-reconciler").daemon().factory());
    private volatile boolean stopping;

    Reconciler(Deliveries deliveries, Publications publications, AgencyReplica agencies, BulkDispatcher dispatcher,
               PublishingProperties publishing, ReconcileProperties properties, MeterRegistry meters) {
        this.deliveries = deliveries;
        this.publications = publications;
        this.agencies = agencies;
        this.dispatcher = dispatcher;
        this.publishing = publishing;
        this.properties = properties;
        this.meters = meters;
        Channels.ALL.forEach(this::unansweredGauge);
    }

    /** One round's outcome. */
    public record Round(long unanswered, int resent, int lostToOtherInstance, int skipped, int exhausted) {
    }

    /**
     * Rounds run on their own thread (not the shared @Scheduled one: the fan-out scheduler polls every 250 ms and
     * must not wait behind a round that re-sends thousands of requests).
     */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (!properties.enabled()) {
            log.info("Delivery reconciliation is switched off (govcomm.publishing.reconcile.enabled=false)");
            return;
        }
        long every = properties.interval().toMillis();
        executor.scheduleWithFixedDelay(this::scheduledRound, every, every, TimeUnit.MILLISECONDS);
        log.info("Delivery reconciliation every {}: re-requests deliveries without an answer for {} (at most {} times)",
                properties.interval(), properties.noAnswerAfter(), properties.maxResends());
    }

    @PreDestroy
    void stop() throws InterruptedException {
        stopping = true;
        executor.shutdown();
        if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
            executor.shutdownNow();
        }
    }

    private void scheduledRound() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            // a failed round is retried whole at the next interval (claims already made wait another threshold)
            log.warn("Delivery reconciliation round failed: {}", e.toString());
        }
    }

    /** Deliveries still DISPATCHED since before this instant have had no answer for longer than the threshold. */
    public Instant cutoff() {
        return publications.now().minus(properties.noAnswerAfter());
    }

    /** Rounds completed by this instance (for tests and diagnostics). */
    public long rounds() {
        return rounds.get();
    }

    /** Runs one round now: counts the unanswered deliveries per channel and re-requests those that are due. */
    public Round reconcile() {
        Instant now = publications.now();
        Instant cutoff = now.minus(properties.noAnswerAfter());
        Map<String, Long> perChannel = new TreeMap<>();
        Context context = new Context(now);
        long total = 0;
        int resent = 0;
        int lost = 0;
        int skipped = 0;
        int exhausted = 0;
        Date afterAt = null;
        String afterId = null;
        while (!stopping) {
            List<Document> page = deliveries.unansweredPage(cutoff, afterAt, afterId, properties.page());
            if (page.isEmpty()) {
                break;
            }
            List<Document> due = new ArrayList<>();
            for (Document delivery : page) {
                perChannel.merge(delivery.getString("channel"), 1L, Long::sum);
                total++;
                int done = delivery.getInteger("reconciliations", 0);
                Date last = delivery.getDate("lastReconciledAt");
                if (done >= properties.maxResends()) {
                    exhausted++;
                } else if (last == null || last.toInstant().isBefore(cutoff)) {
                    due.add(delivery);
                }
            }
            PageOutcome outcome = reRequest(due, context);
            resent += outcome.resent();
            lost += outcome.lost();
            skipped += outcome.skipped();
            Document last = page.getLast();
            afterAt = last.getDate("dispatchedAt");
            afterId = last.getString("_id");
            if (page.size() < properties.page()) {
                break;
            }
        }
        if (stopping) {
            return new Round(total, resent, lost, skipped, exhausted);
        }
        for (String channel : Channels.ALL) {
            perChannel.putIfAbsent(channel, 0L);
        }
        perChannel.forEach((channel, n) -> unansweredGauge(channel).set(n));
        rounds.incrementAndGet();
        if (resent > 0 || lost > 0) {
            log.info("Reconciliation: {} deliveries without an answer for more than {}; re-requested {}, {} taken by "
                    + "another instance, {} skipped, {} left after {} re-requests", total, properties.noAnswerAfter(),
                    resent, lost, skipped, exhausted, properties.maxResends());
        }
        return new Round(total, resent, lost, skipped, exhausted);
    }

    /** Per round: the publications and campaigns already read (a page usually concerns a handful). */
    private final class Context {
        final Instant now;
        final Map<String, Optional<Document>> publicationsById = new HashMap<>();
        final Map<String, Campaign> campaigns = new HashMap<>();

        Context(Instant now) {
            this.now = now;
        }

        Document publication(Document delivery) {
            String campaignId = delivery.getString("campaignId");
            Integer version = delivery.getInteger("noticeVersion");
            return publicationsById.computeIfAbsent(campaignId + ":v" + version, id -> Optional.ofNullable(
                    version == null ? null : publications.publication(campaignId, version))).orElse(null);
        }

        Campaign campaign(Document publication) {
            return campaigns.computeIfAbsent(publication.getString("_id"), id -> {
                Document campaign = publications.campaign(publication);
                return new Campaign(campaign, Rendering.forNotice(campaign.get("notice", Document.class)));
            });
        }
    }

    private record Campaign(Document campaign, Rendering.Renderer renderer) {
    }

    private record Claimed(Document delivery, String publicationId, OutgoingEvent request) {
    }

    private record PageOutcome(int resent, int lost, int skipped) {
    }

    /**
     * Re-requests the due deliveries of a page: checks their publication, rebuilds each request, claims it
     * (compare-and-set), sends all claimed ones and waits for Kafka; then retracts what was re-sent for a publication
     * that stopped meanwhile.
     */
    private PageOutcome reRequest(List<Document> due, Context context) {
        int lost = 0;
        int skipped = 0;
        List<Claimed> claimed = new ArrayList<>();
        for (Document delivery : due) {
            Document publication = context.publication(delivery);
            if (!live(publication, context.now)) {
                skipped++; // cancelled, superseded, closing or past its window end: being retracted or expired
                continue;
            }
            Document endpoint = agencies.endpoint(delivery.getString("agencyId"), delivery.getString("endpointId"));
            if (endpoint == null) {
                // an officer's re-send is refused for a removed endpoint too: left unanswered, on the board and alert
                log.warn("Delivery {}: endpoint {} is no longer in the directory; not re-requested",
                        delivery.getString("_id"), delivery.getString("endpointId"));
                skipped++;
                continue;
            }
            Campaign campaign = context.campaign(publication);
            OutgoingEvent request = deliveries.sameRequest(delivery, campaign.campaign(), campaign.renderer(), endpoint);
            if (!deliveries.claimReconciliation(delivery, context.now)) {
                lost++; // another instance re-requested it in this round, or a status arrived meanwhile
                continue;
            }
            claimed.add(new Claimed(delivery, publication.getString("_id"), request));
        }
        if (claimed.isEmpty()) {
            return new PageOutcome(0, lost, skipped);
        }
        try {
            dispatcher.sendAll(claimed.stream().map(Claimed::request).toList(), publishing.ackTimeout());
        } catch (BulkDispatcher.DispatchFailedException e) {
            // claimed but maybe not sent: re-requested again once no-answer-after passed since this claim
            log.warn("Reconciliation: {} re-requests not acknowledged by Kafka: {}", claimed.size(), e.getMessage());
            return new PageOutcome(0, lost, skipped);
        }
        Map<String, Long> perChannel = new TreeMap<>();
        claimed.forEach(c -> perChannel.merge(c.delivery().getString("channel"), 1L, Long::sum));
        perChannel.forEach((channel, n) -> reconciledCounter(channel).increment(n));
        retractIfStoppedMeanwhile(claimed);
        return new PageOutcome(claimed.size(), lost, skipped);
    }

    /**
     * A publication cancelled, superseded or closed after the check above may have retracted these deliveries
     * before the re-requests went out: retract them again (same retraction, same ce_id), now ordered after them.
     * If it stops after this check, its own retraction pass comes after the re-requests anyway.
     */
    private void retractIfStoppedMeanwhile(List<Claimed> claimed) {
        Map<String, DeliveryRetracted.Reason> reasons = new LinkedHashMap<>();
        for (Claimed c : claimed) {
            if (!reasons.containsKey(c.publicationId())) {
                Document now = publications.publication(c.delivery().getString("campaignId"),
                        c.delivery().getInteger("noticeVersion"));
                reasons.put(c.publicationId(), now == null ? null : PublicationState.of(now).retractionReason());
            }
        }
        Instant now = publications.now();
        List<OutgoingEvent> retractions = claimed.stream().filter(c -> reasons.get(c.publicationId()) != null)
                .map(c -> deliveries.retraction(c.delivery(), reasons.get(c.publicationId()), now)).toList();
        if (!retractions.isEmpty()) {
            log.info("Reconciliation: {} re-requested deliveries' publications stopped meanwhile; retracting them again",
                    retractions.size());
            dispatcher.sendAll(retractions, publishing.ackTimeout());
        }
    }

    /** Going out, and the window not ended by the scheduler's clock (the window-end pass expires the rest). */
    private static boolean live(Document publication, Instant now) {
        if (publication == null || !PublicationState.of(publication).goingOut()) {
            return false;
        }
        Date windowEndsAt = publication.getDate("windowEndsAt");
        return windowEndsAt != null && now.isBefore(windowEndsAt.toInstant());
    }

    private AtomicLong unansweredGauge(String channel) {
        return unanswered.computeIfAbsent(channel, c -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("govcomm.deliveries.unanswered", value, AtomicLong::get).tag("channel", c)
                    .description("Deliveries still DISPATCHED, without an answer from their channel adapter for longer than"
                            + " govcomm.publishing.reconcile.no-answer-after (as of this instance's last round)")
                    .register(meters);
            return value;
        });
    }

    private Counter reconciledCounter(String channel) {
        return Counter.builder("govcomm.deliveries.reconciled").tag("channel", channel)
                .description("Delivery requests sent again because their adapter had not answered")
                .register(meters);
    }
}
