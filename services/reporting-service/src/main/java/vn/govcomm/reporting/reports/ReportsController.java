package vn.govcomm.reporting.reports;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.govcomm.identity.Caller;
import vn.govcomm.reporting.projections.DeliveryProjection;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GET /api/reports/campaigns/{id}: counts by status and by channel plus one page of deliveries;
 * GET .../counts: the counts alone (one document read); GET .../agencies: per-agency counts, paged;
 * POST .../recount: rebuild the counts from the rows.
 * Reads: whoever {@link Caller#reads} the campaign's issuing agency, else 404; recount: admins only
 * ({@link ReportAccess}).
 */
@RestController
@RequestMapping("/api/reports/campaigns")
class ReportsController {

    private final CampaignReports reports;
    private final DeliveryProjection projection;
    private final ReportAccess access;

    ReportsController(CampaignReports reports, DeliveryProjection projection, ReportAccess access) {
        this.reports = reports;
        this.projection = projection;
        this.access = access;
    }

    @GetMapping("/{campaignId}")
    Map<String, Object> report(Caller caller, @PathVariable String campaignId,
                               @RequestParam(required = false) String channel,
                               @RequestParam(required = false) String status,
                               @RequestParam(required = false) String after,
                               @RequestParam(defaultValue = "100") int size) {
        access.requireRead(caller, campaignId);
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
    CampaignReports.Counts counts(Caller caller, @PathVariable String campaignId) {
        access.requireRead(caller, campaignId);
        return reports.counts(campaignId);
    }

    @GetMapping("/{campaignId}/agencies")
    CampaignReports.AgencyPage agencies(Caller caller, @PathVariable String campaignId,
                                        @RequestParam(required = false) String after,
                                        @RequestParam(defaultValue = "100") int size) {
        access.requireRead(caller, campaignId); // 404 for an unknown campaign or another agency's
        return reports.agencies(campaignId, after, size);
    }

    @PostMapping("/{campaignId}/recount")
    CampaignReports.Counts recount(Caller caller, @PathVariable String campaignId) {
        access.requireRecount(caller, campaignId); // 403 unless admin, then 404 for an unknown campaign
        projection.recount(campaignId);
        return reports.counts(campaignId);
    }
}
