package vn.govcomm.reporting.compliance;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.OffsetDateTime;

/** GET /api/reports/campaigns/{id}/compliance[?asOf=2025-03-01T00:00:00+07:00]: the grid and who has not complied. */
@RestController
class ComplianceController {

    private final ComplianceView view;

    ComplianceController(ComplianceView view) {
        this.view = view;
    }

    @GetMapping("/api/reports/campaigns/{campaignId}/compliance")
    Compliance compliance(@PathVariable String campaignId,
                          @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime asOf) {
        return view.of(campaignId, asOf == null ? Instant.now() : asOf.toInstant());
    }
}
