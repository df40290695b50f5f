package vn.govcomm.portal.feeds;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.contracts.events.DeliveryRetracted;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.ChannelAdapter;
import vn.govcomm.kit.delivery.DeliveryRequestDispatcher;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.delivery.StatusReports.DeliveryRef;
import vn.govcomm.kit.events.PoisonEventException;
import vn.govcomm.kit.kafka.BatchListeners;
import vn.govcomm.portal.wordpress.WordPressPush;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Puts each delivery into its portal's feeds ({@code feed_items}, one item per delivery, keyed by delivery id so a
 * redelivery overwrites the same item) and bumps the portal's feed version, a batch of requests at a time
 * ({@link #publishAll}). An item in the feed is PUBLISHED as
 * far as the platform can prove; FETCHED comes when the portal's credential downloads it ({@link FeedFetches}).
 * Portals in WordPress push mode get PUBLISHED from the WordPress 201 instead (the item is in their feed too).
 * Retraction leaves a tombstone: WINDOW_ENDED → EXPIRED, CAMPAIGN_CANCELLED/SUPERSEDED → CANCELLED.
 */
@Component
class FeedPublisher implements ChannelAdapter {

    private final FeedItems items;
    private final FeedVersions versions;
    private final AdapterDeliveries deliveries;
    private final DeliveryRequestDispatcher dispatcher;
    private final WordPressPush wordpress;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    FeedPublisher(FeedItems items, FeedVersions versions, AdapterDeliveries deliveries,
                  DeliveryRequestDispatcher dispatcher, WordPressPush wordpress, ApplicationEventPublisher events,
                  Clock clock) {
        this.items = items;
        this.versions = versions;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.wordpress = wordpress;
        this.events = events;
        this.clock = clock;
    }

    // A poll at a time (the kit's batch intake: one bulk insert of the requests, then publishAll).
    @KafkaListener(topics = ChannelAdapter.REQUESTS_TOPIC, groupId = "portal-adapter",
            containerFactory = BatchListeners.FACTORY)
    void on(List<ConsumerRecord<String, byte[]>> records) {
        dispatcher.dispatch(records, this);
    }

    @Override
    public void check(DeliveryRequested request) {
        if (request.content().title() == null || request.content().text() == null) {
            throw new PoisonEventException("DeliveryRequested " + request.deliveryId() + " has no title or text");
        }
    }

    @Override
    public void publish(DeliveryRequested request) {
        FeedItem item = items.upsert(request, clock.instant());
        changed(Set.of(request.externalId()));
        // Push mode: PUBLISHED comes from WordPress (or the delivery waits, RetryLater); pull mode: it is in the feed.
        if (!wordpress.push(request)) {
            deliveries.report(DeliveryRef.of(request), DeliveryStatus.PUBLISHED, null, null, item.id(), null);
        }
    }

    /**
     * A batch: the pull-mode portals' items in one bulk write, their feed versions bumped once per portal (one read,
     * one bulk), PUBLISHED reported in one bulk; push-mode portals go to WordPress one delivery at a time, after.
     */
    @Override
    public void publishAll(List<DeliveryRequested> requests, Waits waits) {
        Set<String> push = wordpress.enabledAmong(requests.stream().map(DeliveryRequested::externalId)
                .collect(Collectors.toSet()));
        List<DeliveryRequested> pull = requests.stream().filter(r -> !push.contains(r.externalId())).toList();
        Map<String, String> entryIds = items.upsertAll(pull, clock.instant());
        changed(pull.stream().map(DeliveryRequested::externalId).collect(Collectors.toCollection(LinkedHashSet::new)));
        deliveries.reportAll(pull.stream().map(r -> new AdapterDeliveries.Report(DeliveryRef.of(r),
                DeliveryStatus.PUBLISHED, null, null, entryIds.get(r.deliveryId()), null)).toList());
        // WordPress pushes one at a time, with the kit's per-delivery failure handling
        ChannelAdapter.super.publishAll(requests.stream().filter(r -> push.contains(r.externalId())).toList(), waits);
    }

    @Override
    public void redelivered(DeliveryRequested request, AdapterDeliveries.Stored stored) {
        Optional<FeedItem> item = items.find(request.deliveryId()).filter(i -> i.attempt() == request.attempt());
        if (item.isEmpty()) {
            publish(request); // recorded but crashed before the item was written
        } else if (!wordpress.resume(request)
                && (stored.status() == DeliveryStatus.DISPATCHED || stored.status() == DeliveryStatus.RETRYING)) {
            // Pull mode (or push switched off while the delivery waited): the item is in the feed. Also the case of
            // an item written by a process that died before reporting it (LauncherCrashTests).
            deliveries.report(DeliveryRef.of(request), DeliveryStatus.PUBLISHED, null, null, item.get().id(), null);
        }
    }

    @Override
    public void retract(DeliveryRetracted retraction) {
        DeliveryStatus status = switch (retraction.reason()) {
            case WINDOW_ENDED -> DeliveryStatus.EXPIRED;
            case CAMPAIGN_CANCELLED, SUPERSEDED -> DeliveryStatus.CANCELLED;
        };
        Instant now = clock.instant();
        items.tombstone(retraction.deliveryId(), retraction.reason().name(), now).ifPresent(item -> {
            changed(Set.of(item.portalId()));
            if (wordpress.enabledFor(item.portalId())) {
                wordpress.withdraw(item.deliveryId(), item.portalId());
            }
        });
        String reason = status == DeliveryStatus.EXPIRED
                ? "Hết thời gian đăng; đã gỡ khỏi nguồn tin / Window ended; removed from the feed"
                : "Đã gỡ khỏi nguồn tin / Removed from the feed";
        // EXPIRED does not override an achieved delivery (DeliveryStatus.canMoveTo): a published or fetched item
        // keeps that status, its tombstone is what tells the portal.
        deliveries.find(retraction.deliveryId()).ifPresent(stored -> deliveries.report(
                new DeliveryRef(retraction.deliveryId(), retraction.campaignId(), retraction.agencyId(),
                        retraction.endpointId(), stored.attempt()),
                status, retraction.reason().name(), reason, null, null));
    }

    private void changed(Set<String> portalIds) {
        if (portalIds.isEmpty()) {
            return;
        }
        if (portalIds.size() == 1) {
            versions.bump(portalIds.iterator().next());
        } else {
            versions.bumpAll(portalIds);
        }
        events.publishEvent(new FeedChanged(Set.copyOf(portalIds)));
    }
}
