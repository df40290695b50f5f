package vn.govcomm.portal.feeds;

import org.springframework.stereotype.Component;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.delivery.StatusReports.DeliveryRef;

import java.time.Clock;
import java.util.List;

/**
 * FETCHED: the portal's credential received the item in a 200 (portal-feeds.md: a 304 only proves it already had
 * it). Reported once per attempt of a delivery; tombstones are not fetches.
 */
@Component
class FeedFetches {

    private final FeedItems items;
    private final AdapterDeliveries deliveries;
    private final Clock clock;

    FeedFetches(FeedItems items, AdapterDeliveries deliveries, Clock clock) {
        this.items = items;
        this.deliveries = deliveries;
        this.clock = clock;
    }

    void record(List<FeedItem> served) {
        for (FeedItem item : served) {
            if (!item.tombstone() && !item.fetchedThisAttempt() && items.markFetched(item, clock.instant())) {
                deliveries.report(new DeliveryRef(item.deliveryId(), item.campaignId(), item.agencyId(),
                        item.endpointId(), item.attempt()), DeliveryStatus.FETCHED, null, null, item.id(), null);
            }
        }
    }
}
