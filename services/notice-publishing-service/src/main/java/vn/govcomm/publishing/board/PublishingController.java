package vn.govcomm.publishing.board;

import org.bson.Document;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.outbox.OutboxRelay;
import vn.govcomm.kit.security.Access;
import vn.govcomm.publishing.deliveries.Deliveries;
import vn.govcomm.publishing.directory.AgencyReplica;
import vn.govcomm.publishing.publications.Publications;
import vn.govcomm.publishing.reconciliation.Reconciler;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Progress of a campaign's publication, its deliveries, and the re-send of failed ones. Scoped by the
 * campaign's issuing agency (the caller comes from the gateway's caller token, never from headers):
 * <ul>
 *   <li>read (progress, deliveries): the issuing agency's users with a platform role (officer, approver,
 *       viewer), admins, viewers of a province-wide agency of the issuing agency's province
 *       ({@link AgencyReplica#reads});</li>
 *   <li>re-send: officers and approvers of the issuing agency; admins and viewers who may read it get 403.</li>
 * </ul>
 * Anybody else gets 404 {@code not-found}, the same answer as for a campaign without a publication: whether
 * another agency's campaign exists is not revealed.
 */
@RestController
@RequestMapping("/api/publications")
class PublishingController {

    private final Publications publications;
    private final Deliveries deliveries;
    private final Resends resends;
    private final Reconciler reconciler;
    private final AgencyReplica directory;

    PublishingController(Publications publications, Deliveries deliveries, Resends resends, Reconciler reconciler,
                         AgencyReplica directory) {
        this.publications = publications;
        this.deliveries = deliveries;
        this.resends = resends;
        this.reconciler = reconciler;
        this.directory = directory;
    }

    @GetMapping("/{campaignId}")
    Map<String, Object> progress(Caller caller, @PathVariable String campaignId) {
        Document publication = readable(caller, campaignId).publication();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("campaignId", campaignId);
        body.put("version", publication.get("version"));
        body.put("state", publication.get("state"));
        body.put("publishAt", publication.get("publishAt"));
        body.put("windowEndsAt", publication.get("windowEndsAt"));
        body.put("targets", publication.get("targets"));
        body.put("expandedTargets", publication.get("expandedTargets"));
        body.put("deliveries", publication.get("deliveries"));
        body.put("dispatched", publication.get("dispatched"));
        body.put("retracted", publication.get("retracted"));
        body.put("firstDispatchAt", publication.get("firstDispatchAt"));
        body.put("expandedAt", publication.get("expandedAt"));
        body.put("missingAgencies", publication.getList("missingAgencies", String.class, List.of()));
        body.put("byStatus", deliveries.countsByStatus(campaignId));
        // DISPATCHED for longer than govcomm.publishing.reconcile.no-answer-after: no answer from the channel
        body.put("unanswered", deliveries.countUnanswered(campaignId, reconciler.cutoff()));
        return body;
    }

    @GetMapping("/{campaignId}/deliveries")
    List<Document> deliveries(Caller caller, @PathVariable String campaignId,
                              @RequestParam(required = false) String status,
                              @RequestParam(defaultValue = "500") int limit) {
        readable(caller, campaignId);
        List<Document> list = deliveries.list(campaignId, status, Math.max(1, Math.min(limit, 5000)));
        Instant cutoff = reconciler.cutoff();
        for (Document delivery : list) {
            Date since = Deliveries.noAnswerSince(delivery, cutoff);
            if (since != null) {
                delivery.put("noAnswerSince", since); // the board: "no answer from the channel since ..."
            }
        }
        return list;
    }

    @PostMapping("/{campaignId}/deliveries/{deliveryId}/resend")
    Document resend(Caller caller, @PathVariable String campaignId, @PathVariable String deliveryId) {
        actingFor(caller, campaignId);
        Document updated = resends.resendOne(campaignId, deliveryId, caller.userId());
        updated.remove(OutboxRelay.FIELD);
        return updated;
    }

    @PostMapping("/{campaignId}/resend-failed")
    Map<String, Object> resendFailed(Caller caller, @PathVariable String campaignId,
                                     @RequestParam(defaultValue = "false") boolean includeExpired,
                                     @RequestParam(defaultValue = "false") boolean includeRetrying) {
        Scoped scoped = actingFor(caller, campaignId);
        Resends.Outcome outcome = resends.resendFailed(scoped.publication(), includeExpired, includeRetrying,
                caller.userId());
        return Map.of("campaignId", campaignId, "resent", outcome.resent(), "skipped", outcome.skipped());
    }

    /** The campaign's latest publication and its issuing agency. */
    private record Scoped(Document publication, String agency) {
    }

    /** The latest publication if the caller may read the campaign; 404 as if there were none otherwise. */
    private Scoped readable(Caller caller, String campaignId) {
        Document publication = publications.latest(campaignId);
        String agency = publication == null ? null : publications.issuingAgency(publication);
        if (agency == null || !directory.reads(caller, agency)) { // reads() needs a platform role too
            throw Access.notFound("publication of campaign " + campaignId);
        }
        return new Scoped(publication, agency);
    }

    /** Re-sends: officers and approvers of the issuing agency; others who may read the campaign get 403. */
    private Scoped actingFor(Caller caller, String campaignId) {
        Scoped scoped = readable(caller, campaignId);
        if (!caller.actsFor(scoped.agency())) {
            throw Access.forbidden();
        }
        return scoped;
    }
}
