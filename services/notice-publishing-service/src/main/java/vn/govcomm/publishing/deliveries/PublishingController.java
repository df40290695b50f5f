package vn.govcomm.publishing.deliveries;

import org.bson.Document;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.govcomm.kit.outbox.OutboxRelay;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.publishing.publications.Publications;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Progress of a campaign's publication, its deliveries, and an officer's re-send of failed ones. */
@RestController
@RequestMapping("/api/publications")
class PublishingController {

    private final Publications publications;
    private final Deliveries deliveries;
    private final Resends resends;

    PublishingController(Publications publications, Deliveries deliveries, Resends resends) {
        this.publications = publications;
        this.deliveries = deliveries;
        this.resends = resends;
    }

    @GetMapping("/{campaignId}")
    Map<String, Object> progress(@PathVariable String campaignId) {
        Document publication = publications.progress(campaignId);
        if (publication == null) {
            throw new ApiProblem(HttpStatus.NOT_FOUND, "publication-not-found",
                    "Chưa có lịch phát hành cho chiến dịch " + campaignId + ". / No publication for campaign " + campaignId + ".");
        }
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
        return body;
    }

    @GetMapping("/{campaignId}/deliveries")
    List<Document> deliveries(@PathVariable String campaignId, @RequestParam(required = false) String status,
                              @RequestParam(defaultValue = "500") int limit) {
        return deliveries.list(campaignId, status, Math.max(1, Math.min(limit, 5000)));
    }

    @PostMapping("/{campaignId}/deliveries/{deliveryId}/resend")
    Document resend(@PathVariable String campaignId, @PathVariable String deliveryId,
                    @RequestHeader(value = "X-User-Id", required = false) String user,
                    @RequestHeader(value = "X-User-Roles", required = false) String roles) {
        requireOfficer(roles);
        Document updated = resends.resendOne(campaignId, deliveryId, user == null ? "unknown" : user);
        updated.remove(OutboxRelay.FIELD);
        return updated;
    }

    @PostMapping("/{campaignId}/resend-failed")
    Map<String, Object> resendFailed(@PathVariable String campaignId,
                                     @RequestParam(defaultValue = "false") boolean includeExpired,
                                     @RequestHeader(value = "X-User-Id", required = false) String user,
                                     @RequestHeader(value = "X-User-Roles", required = false) String roles) {
        requireOfficer(roles);
        Resends.Outcome outcome = resends.resendFailed(campaignId, includeExpired, user == null ? "unknown" : user);
        return Map.of("campaignId", campaignId, "resent", outcome.resent(), "skipped", outcome.skipped());
    }

    private static void requireOfficer(String roles) {
        boolean officer = roles != null && Arrays.stream(roles.split(",")).map(String::trim)
                .anyMatch(r -> r.equals("officer") || r.equals("admin"));
        if (!officer) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "officer-role-required",
                    "Chỉ cán bộ phụ trách mới được gửi lại. / Only an officer can re-send deliveries.");
        }
    }
}
