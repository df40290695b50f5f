package vn.govcomm.portal.feeds;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import vn.govcomm.portal.Ids;
import vn.govcomm.portal.Roles;

import java.time.Instant;
import java.util.List;

/** Which portals have not yet fetched a campaign's (current, not retracted) items. */
@RestController
class NotFetchedController {

    private final FeedItems items;

    NotFetchedController(FeedItems items) {
        this.items = items;
    }

    record NotFetched(String portalId, String agencyId, String deliveryId, int noticeVersion, int attempt,
                      Instant availableSince) {
    }

    record Report(String campaignId, int items, int fetched, List<NotFetched> notFetched) {
    }

    @GetMapping("/api/portal/campaigns/{campaignId}/not-fetched")
    Report notFetched(@PathVariable String campaignId,
                      @RequestHeader(value = "X-User-Roles", required = false) String roles) {
        Roles.requireUser(roles);
        Ids.require("campaignId", campaignId);
        List<FeedItem> current = items.current(campaignId);
        List<NotFetched> missing = current.stream().filter(i -> !i.fetchedThisAttempt())
                .map(i -> new NotFetched(i.portalId(), i.agencyId(), i.deliveryId(), i.noticeVersion(), i.attempt(),
                        i.updatedAt()))
                .toList();
        return new Report(campaignId, current.size(), current.size() - missing.size(), missing);
    }
}
