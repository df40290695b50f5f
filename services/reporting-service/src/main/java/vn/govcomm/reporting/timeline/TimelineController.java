package vn.govcomm.reporting.timeline;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.govcomm.identity.Caller;
import vn.govcomm.reporting.reports.ReportAccess;

/**
 * GET /api/reports/campaigns/{id}/timeline[?unit=hour|day]: the campaign's deliveries over time, per channel and per
 * agency group ({@link CampaignTimeline}). Read exactly like the campaign's report ({@link ReportAccess#requireRead}:
 * whoever reads the issuing agency, else the unknown campaign's 404), decided before anything is aggregated.
 */
@RestController
class TimelineController {

    private final CampaignTimeline timeline;
    private final ReportAccess access;

    TimelineController(CampaignTimeline timeline, ReportAccess access) {
        this.timeline = timeline;
        this.access = access;
    }

    @GetMapping("/api/reports/campaigns/{campaignId}/timeline")
    CampaignTimeline.Timeline timeline(Caller caller, @PathVariable String campaignId,
                                       @RequestParam(required = false) String unit) {
        access.requireRead(caller, campaignId);
        return timeline.of(campaignId, unit);
    }
}
