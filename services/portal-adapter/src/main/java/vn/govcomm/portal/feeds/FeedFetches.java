package vn.govcomm.portal.feeds;

import org.springframework.stereotype.Component;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.delivery.StatusReports.DeliveryRef;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * FETCHED: the portal's credential received the item in a 200 (portal-feeds.md: a 304 only proves it already had
 * it). Reported once per attempt of a delivery; tombstones are not fetches.
 */
@Component
class FeedFetches {

    private final FeedItems items;
    private final AdapterDeliveries deliveries;
    private final Clock clock;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    FeedFetches(FeedItems items, AdapterDeliveries deliveries, Clock clock) {
        this.items = items;
        this.deliveries = deliveries;
        this.clock = clock;
    }

    void record(List<FeedItem> served) {
        for (FeedItem item : served) {
            if (item.tombstone() || item.fetchedThisAttempt()) {
                continue;
            }
            // Served documents may come from the render cache with a stale fetched flag: remember what this
            // instance already recorded so that repeated 200s do not write again.
            String key = item.deliveryId() + "#" + item.attempt();
            if (known.contains(key)) {
                continue;
            }
            if (items.markFetched(item, clock.instant())) {
                deliveries.report(new DeliveryRef(item.deliveryId(), item.campaignId(), item.agencyId(),
                        item.endpointId(), item.attempt()), DeliveryStatus.FETCHED, null, null, item.id(), null);
            }
            if (known.size() > 100_000) {
                known.clear();
            }
            known.add(key);
        }
    }
}
