package vn.govcomm.portal.feeds;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.security.Access;
import vn.govcomm.portal.Ids;

import java.time.Instant;
import java.util.List;

/**
 * Which portals have not yet fetched a campaign's (current, not retracted) items.
 *
 * <p>Who sees what: the adapter only knows, per item, the agency whose portal it was delivered to (the delivery's
 * {@code agencyId}), not the campaign's issuing agency, nor any agency's province. So admins see every item; any
 * other user (officer, approver, viewer, a province-wide agency's viewer included) sees only the items of their own
 * agency's portals, counts included. A province-wide viewer reads across agencies province by province
 * (docs/tenants.md), which needs the directory's provinces: this adapter keeps no copy of the directory, so it
 * denies instead of letting a viewer of one province read another's (the reporting service gives that viewer its
 * province's picture). For them a campaign with no item they may read answers 404, as one that does not exist
 * (another agency's campaign is not revealed); admins get an empty report. A caller without a platform role gets 403.
 */
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
    Report notFetched(@PathVariable String campaignId, Caller caller) {
        Access.requireRole(caller, Caller.OFFICER, Caller.APPROVER, Caller.ADMIN, Caller.VIEWER);
        Ids.require("campaignId", campaignId);
        List<FeedItem> current = items.current(campaignId).stream()
                .filter(i -> caller.isAdmin() || caller.belongsTo(i.agencyId())).toList();
        if (current.isEmpty() && !caller.isAdmin()) {
            throw Access.notFound("campaign " + campaignId);
        }
        List<NotFetched> missing = current.stream().filter(i -> !i.fetchedThisAttempt())
                .map(i -> new NotFetched(i.portalId(), i.agencyId(), i.deliveryId(), i.noticeVersion(), i.attempt(),
                        i.updatedAt()))
                .toList();
        return new Report(campaignId, current.size(), current.size() - missing.size(), missing);
    }
}
