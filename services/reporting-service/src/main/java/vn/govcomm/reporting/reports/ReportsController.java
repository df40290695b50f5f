package vn.govcomm.reporting.reports;

import org.bson.Document;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.govcomm.reporting.projections.DeliveryProjection;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GET /api/reports/campaigns/{id}: counts by status and by channel plus one page of deliveries;
 * GET .../counts: the counts alone (one document read); GET .../agencies: per-agency counts, paged;
 * POST .../recount: rebuild the counts from the rows.
 */
@RestController
@RequestMapping("/api/reports/campaigns")
class ReportsController {

    private final CampaignReports reports;
    private final DeliveryProjection projection;

    ReportsController(CampaignReports reports, DeliveryProjection projection) {
        this.reports = reports;
        this.projection = projection;
    }

    @GetMapping("/{campaignId}")
    Map<String, Object> report(@PathVariable String campaignId,
                               @RequestParam(required = false) String channel,
                               @RequestParam(required = false) String status,
                               @RequestParam(required = false) String after,
                               @RequestParam(defaultValue = "100") int size) {
        CampaignReports.Counts counts = reports.counts(campaignId);
        CampaignReports.Page page = reports.deliveries(campaignId, channel, status, after, size);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("campaignId", campaignId);
        body.put("title", counts.title());
        body.put("code", counts.code());
        body.put("campaignStatus", counts.campaignStatus());
        body.put("total", counts.total());
        body.put("byStatus", counts.byStatus());
        body.put("byChannel", counts.byChannel());
        body.put("deliveries", page.deliveries());
        body.put("nextCursor", page.nextCursor());
        return body;
    }

    @GetMapping("/{campaignId}/counts")
    CampaignReports.Counts counts(@PathVariable String campaignId) {
        return reports.counts(campaignId);
    }

    @GetMapping("/{campaignId}/agencies")
    CampaignReports.AgencyPage agencies(@PathVariable String campaignId,
                                        @RequestParam(required = false) String after,
                                        @RequestParam(defaultValue = "100") int size) {
        reports.counts(campaignId); // 404 for an unknown campaign
        return reports.agencies(campaignId, after, size);
    }

    @PostMapping("/{campaignId}/recount")
    CampaignReports.Counts recount(@PathVariable String campaignId) {
        reports.counts(campaignId); // 404 for an unknown campaign
        Document ignored = projection.recount(campaignId);
        return reports.counts(campaignId);
    }
}
