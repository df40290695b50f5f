package vn.govcomm.reporting.compliance;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.govcomm.identity.Caller;
import vn.govcomm.reporting.reports.ReportAccess;

import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * GET /api/reports/campaigns/{id}/compliance[?asOf=2025-03-01T00:00:00+07:00]: the grid and who has not complied.
 * For whoever {@link Caller#reads} the issuing agency; anybody else gets the unknown campaign's 404 ({@link ReportAccess}).
 */
@RestController
class ComplianceController {

    private final ComplianceView view;
    private final ReportAccess access;

    ComplianceController(ComplianceView view, ReportAccess access) {
        this.view = view;
        this.access = access;
    }

    @GetMapping("/api/reports/campaigns/{campaignId}/compliance")
    Compliance compliance(Caller caller, @PathVariable String campaignId,
                          @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime asOf) {
        access.requireRead(caller, campaignId);
        return view.of(campaignId, asOf == null ? Instant.now() : asOf.toInstant());
    }
}
