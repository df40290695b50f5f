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
import vn.govcomm.portal.wordpress.WordPressPush;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Puts each delivery into its portal's feeds ({@code feed_items}, one item per delivery, keyed by delivery id so a
 * redelivery overwrites the same item) and bumps the portal's feed version. An item in the feed is PUBLISHED as
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

    @KafkaListener(topics = ChannelAdapter.REQUESTS_TOPIC, groupId = "portal-adapter")
    void on(ConsumerRecord<String, byte[]> record) {
        dispatcher.dispatch(record, this);
    }

    @Override
    public void publish(DeliveryRequested request) {
        if (request.content().title() == null || request.content().text() == null) {
            throw new PoisonEventException("DeliveryRequested " + request.deliveryId() + " has no title or text");
        }
        FeedItem item = items.upsert(request, clock.instant());
        changed(request.externalId());
        // Push mode: PUBLISHED comes from WordPress (or the delivery waits, RetryLater); pull mode: it is in the feed.
        if (!wordpress.push(request)) {
            deliveries.report(DeliveryRef.of(request), DeliveryStatus.PUBLISHED, null, null, item.id(), null);
        }
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
            changed(item.portalId());
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

    private void changed(String portalId) {
        FeedVersions.FeedState state = versions.bump(portalId);
        events.publishEvent(new FeedChanged(portalId, state.version()));
    }
}
