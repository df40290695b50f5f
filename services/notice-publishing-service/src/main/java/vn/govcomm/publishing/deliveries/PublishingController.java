package vn.govcomm.publishing.deliveries;

import org.bson.Document;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.publishing.publications.Publications;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Progress of a campaign's publication and its deliveries. */
@RestController
@RequestMapping("/api/publications")
class PublishingController {

    private final Publications publications;
    private final Deliveries deliveries;

    PublishingController(Publications publications, Deliveries deliveries) {
        this.publications = publications;
        this.deliveries = deliveries;
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
        body.put("targets", publication.get("targets"));
        body.put("expandedTargets", publication.get("expandedTargets"));
        body.put("deliveries", publication.get("deliveries"));
        body.put("byStatus", deliveries.countsByStatus(campaignId));
        return body;
    }

    @GetMapping("/{campaignId}/deliveries")
    List<Document> deliveries(@PathVariable String campaignId, @RequestParam(required = false) String status,
                              @RequestParam(defaultValue = "500") int limit) {
        return deliveries.list(campaignId, status, Math.min(limit, 5000));
    }
}
