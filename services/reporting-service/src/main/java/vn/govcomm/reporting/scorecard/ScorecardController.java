package vn.govcomm.reporting.scorecard;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import vn.govcomm.identity.Caller;
import vn.govcomm.reporting.reports.ReportAccess;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The periodic scorecard: {@code GET /api/reports/scorecards?period=2025-Q1|2025|&from=&to=[&issuer=][&agency=]}
 * (JSON, for other government systems), {@code .../scorecards.xlsx} and {@code .../scorecards/print}. Who may read
 * what is {@link ReportAccess#requireScorecardRead}, decided before anything is read; the period is checked after it.
 */
@RestController
class ScorecardController {

    static final MediaType XLSX = MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final ScorecardView view;
    private final ReportAccess access;

    ScorecardController(ScorecardView view, ReportAccess access) {
        this.view = view;
        this.access = access;
    }

    @GetMapping("/api/reports/scorecards")
    Scorecard scorecard(Caller caller, @RequestParam(required = false) String period,
                        @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                        @RequestParam(required = false) String issuer, @RequestParam(required = false) String agency) {
        return build(caller, period, from, to, issuer, agency);
    }

    @GetMapping("/api/reports/scorecards.xlsx")
    ResponseEntity<StreamingResponseBody> xlsx(Caller caller, @RequestParam(required = false) String period,
                                               @RequestParam(required = false) String from,
                                               @RequestParam(required = false) String to,
                                               @RequestParam(required = false) String issuer,
                                               @RequestParam(required = false) String agency) {
        Scorecard s = build(caller, period, from, to, issuer, agency);
        return ResponseEntity.ok().contentType(XLSX)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("bang-danh-gia-" + s.from() + "-" + s.to() + ".xlsx", StandardCharsets.UTF_8).build().toString())
                .body(out -> ScorecardXlsx.write(s, out));
    }

    @GetMapping(value = "/api/reports/scorecards/print", produces = MediaType.TEXT_HTML_VALUE)
    String print(Caller caller, @RequestParam(required = false) String period, @RequestParam(required = false) String from,
                 @RequestParam(required = false) String to, @RequestParam(required = false) String issuer,
                 @RequestParam(required = false) String agency) {
        return ScorecardPrint.page(build(caller, period, from, to, issuer, agency));
    }

    private Scorecard build(Caller caller, String period, String from, String to, String issuer, String agency) {
        // A merged or renamed agency asked for by its old id: its successor's scorecard, which includes its history.
        String onlyAgency = agency == null || agency.isBlank() ? null : view.current(agency);
        ReportAccess.Coverage scope = access.requireScorecardRead(caller, issuer == null || issuer.isBlank() ? null : issuer, onlyAgency);
        return view.of(ScorecardPeriod.of(period, from, to), scope, onlyAgency, Instant.now());
    }
}
